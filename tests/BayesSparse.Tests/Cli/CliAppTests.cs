using BayesSparse.Experiments;
using BayesSparse.Reporting;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Cli;

/// <summary>The command line's contract: bad input is one line on stderr, exit code 2, and nothing written.</summary>
[TestFixture]
[NonParallelizable] // redirects the process's stderr
public sealed class CliAppTests
{
    private static (int Code, string[] Errors) Run(params string[] args) => CliHarness.Run(args);

    private static string Slices => DataFolders.Slices.Path;

    [TestCase("unknown task 'nope'", "train", "--task", "nope", "--model", "w", "--profile", "smoke", TestName = "Should_Exit2_When_TaskIsUnknown")]
    [TestCase("unknown model 'zzz'", "train", "--task", "ptb-word", "--model", "zzz", "--profile", "smoke", TestName = "Should_Exit2_When_ModelIsUnknown")]
    [TestCase("--epochs must be at least 1", "train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "0", TestName = "Should_Exit2_When_EpochsIsImpossible")]
    [TestCase("/no/such/folder: does not exist", "train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--data-dir", "/no/such/folder", TestName = "Should_Exit2_When_DataFolderIsMissing")]
    public void Should_PrintOneLineAndWriteNothing_When_InputIsBad(string cause, params string[] args)
    {
        // Given an output folder that does not exist yet
        var output = Path.Combine(DataFolders.Scratch(), "run");

        // When the tool runs with one bad value
        var result = Run([.. args, "--out", output]);

        // Then it exits with 2, names the cause in one line, and leaves no output folder behind
        CliHarness.AssertRefused(result, cause);
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Should_Exit2_When_CheckpointIsCorrupt()
    {
        // Given a finished smoke run whose model checkpoint was then truncated
        var run = Path.Combine(DataFolders.Scratch(), "run");
        var (trained, _) = Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "1",
            "--data-dir", Slices, "--out", run);
        Assert.That(trained, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(run, "metrics.json")), Is.True);
        var model = Path.Combine(run, "checkpoint", "model.bin");
        File.WriteAllBytes(model, File.ReadAllBytes(model)[..100]);

        // When it is evaluated, Then the tool refuses it in one line with exit code 2, naming the file
        CliHarness.AssertRefused(Run("evaluate", run, "--data-dir", Slices), model);
    }

    [Test]
    public void Should_Exit2_When_BenchmarkBatchDataIsMissing()
    {
        // Given a CSV path in a fresh folder
        var csv = Path.Combine(DataFolders.Scratch(), "bench.csv");

        // When the training-step benchmark is asked for a real batch from a folder that does not exist
        var result = Run("bench", "train-step", "--task", "imdb", "--batch", "data", "--data-dir", "/no/such/folder",
            "--csv", csv);

        // Then it refuses in one line with exit code 2 before timing anything, naming the missing file, and writes no CSV
        CliHarness.AssertRefused(result, "/no/such/folder/imdb/imdb_train.tsv: not found");
        Assert.That(File.Exists(csv), Is.False);
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_ResumedUnderAnotherCompactionRule()
    {
        // Given a W+G+N run begun under a config that compacts after 2 unused epochs
        var config = CompactingSmokeConfig();
        var run = TrainSmoke("ptb-word", "wgn", "--config", config);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"compact_after\": 2"));
        var before = (File.ReadAllText(Path.Combine(run, "config.json")), File.ReadAllText(Path.Combine(run, "epochs.csv")));

        // When it is resumed for a second epoch with --no-compaction
        var result = Run("train", "--task", "ptb-word", "--model", "wgn", "--profile", "smoke", "--config", config, "--epochs", "2",
            "--data-dir", Slices, "--out", run, "--resume", "--no-compaction");

        // Then the tool refuses in one line with exit code 2, naming both rules, and the run folder is as it was
        CliHarness.AssertRefused(result, "began with compaction after 2; this command asks for compaction off");
        Assert.That((File.ReadAllText(Path.Combine(run, "config.json")), File.ReadAllText(Path.Combine(run, "epochs.csv"))), Is.EqualTo(before));
    }

    [Test]
    public void Should_TurnCompactionOnFromALaterEpoch_When_AnUncutRunIsResumedWithCompactFromEpoch()
    {
        // Given a W+G+N run trained one epoch with compaction off
        var config = CompactingSmokeConfig();
        var run = TrainSmoke("ptb-word", "wgn", "--config", config, "--no-compaction");
        string[] resume = ["train", "--task", "ptb-word", "--model", "wgn", "--profile", "smoke", "--config", config, "--epochs", "2",
            "--data-dir", Slices, "--out", run, "--resume"];
        var before = File.ReadAllText(Path.Combine(run, "epochs.csv"));

        // When it is resumed asking for compaction from epoch 1, which it has already trained
        var refused = Run([.. resume, "--compact-from-epoch", "1"]);

        // Then the tool refuses in one line with exit code 2, naming the epoch it can turn compaction on from, and writes nothing
        CliHarness.AssertRefused(refused, "turn compaction on with --compact-from-epoch 2");
        Assert.That(File.ReadAllText(Path.Combine(run, "epochs.csv")), Is.EqualTo(before));

        // When it is resumed asking for compaction from epoch 2
        var (code, errors) = Run([.. resume, "--compact-from-epoch", "2"]);

        // Then it trains the second epoch, its config records the rule and its start, and the structure log begins there
        Assert.That(code, Is.EqualTo(0), string.Join("\n", errors));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"compact_from_epoch\": 2").And.Contain("\"compact_after\": 2"));
        Assert.That(CsvFiles.Read<StructureLogRow>(Path.Combine(run, "structure.csv")).Select(r => r.Epoch).Distinct(), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void Should_Exit2_When_CompactFromEpochMeetsNoCompaction()
    {
        // When a run is asked to compact from an epoch and not to compact at all
        var result = Run("train", "--task", "ptb-word", "--model", "wgn", "--profile", "smoke", "--config", CompactingSmokeConfig(),
            "--data-dir", Slices, "--out", Path.Combine(DataFolders.Scratch(), "run"), "--no-compaction", "--compact-from-epoch", "3");

        // Then it refuses in one line with exit code 2
        CliHarness.AssertRefused(result, "--compact-from-epoch and --no-compaction contradict each other");
    }

    [Test]
    public void Should_RecordCompactionOff_When_TrainedWithNoCompaction()
    {
        // Given a config that compacts, When a run is trained from it with --no-compaction
        var config = CompactingSmokeConfig();
        var run = TrainSmoke("ptb-word", "wgn", "--config", config, "--no-compaction");

        // Then its config.json says compaction is off
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"compact_after\": null"));
    }

    /// <summary>The PTB word smoke config with <c>training.compact_after: 2</c>, written to a scratch file.</summary>
    private static string CompactingSmokeConfig()
    {
        var config = Path.Combine(DataFolders.Scratch(), "compacting.json");
        File.WriteAllText(config, File.ReadAllText(BayesSparse.Experiments.ConfigLocator.Find("ptb-word", "smoke"))
            .Replace("\"training\": {", "\"training\": {\n    \"compact_after\": 2,"));
        return config;
    }

    private static string TrainSmoke(string task, string model, params string[] extra)
    {
        var run = Path.Combine(DataFolders.Scratch(), $"{task}-{model}");
        var (code, errors) = Run(["train", "--task", task, "--model", model, "--profile", "smoke", "--epochs", "1",
            "--data-dir", Slices, "--out", run, .. extra]);
        Assert.That(code, Is.EqualTo(0), string.Join("\n", errors));
        return run;
    }

    private static string Vectors(int width)
    {
        var path = Path.Combine(DataFolders.Scratch(), "vectors.txt");
        var values = string.Join(' ', Enumerable.Repeat("0.25", width));
        File.WriteAllLines(path, ["the " + values, "movie " + values, "notaword " + values]);
        return path;
    }

    [Test]
    public void Should_RecordTheStart_When_TrainedFromARunAndVectors()
    {
        // Given a finished smoke Original and a GloVe-style file with two vocabulary words
        var original = TrainSmoke("imdb", "original");
        var vectors = Vectors(16);

        // When a W+G+N run starts from both
        var run = TrainSmoke("imdb", "wgn", "--init-from", original, "--embeddings", vectors);

        // Then metrics.json and config.json say how it started ("the" and "movie", and any capitalised forms)
        var start = BayesSparse.Experiments.RunMetrics.Load(Path.Combine(run, "metrics.json")).Start!;
        Assert.That(start with { EmbeddingsMatched = null }, Is.EqualTo(new BayesSparse.Experiments.RunStart(original, "original", 1, vectors)));
        Assert.That(start.EmbeddingsMatched, Is.GreaterThanOrEqualTo(2));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"init_from\""));
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_InitFromIsMissing()
    {
        var output = Path.Combine(DataFolders.Scratch(), "run");

        var result = Run("train", "--task", "imdb", "--model", "wgn", "--profile", "smoke", "--data-dir", Slices,
            "--init-from", "/no/such/model.pt", "--out", output);

        CliHarness.AssertRefused(result, "/no/such/model.pt: does not exist. Pass a finished run folder, or a PyTorch (.pt) or safetensors state dict");
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_InitFromRunOfAnotherTask()
    {
        var other = TrainSmoke("ptb-word", "original");
        var output = Path.Combine(DataFolders.Scratch(), "run");

        var result = Run("train", "--task", "imdb", "--model", "wgn", "--profile", "smoke", "--data-dir", Slices,
            "--init-from", other, "--out", output);

        CliHarness.AssertRefused(result, "is a run of ptb-word, not imdb");
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Should_Exit2AndWriteNoModel_When_CompressMeasuresOnAFolderWithoutTheTasksData()
    {
        // Given a finished smoke run and a data folder that exists but holds no PTB files
        var run = TrainSmoke("ptb-word", "wgn");
        var empty = DataFolders.Scratch();
        var model = Path.Combine(DataFolders.Scratch(), "m.bsm");

        // When it is compressed and measured on that folder
        var result = Run("compress", run, "--out", model, "--data-dir", empty);

        // Then the tool refuses in one line with exit code 2, naming the missing file, and writes no model
        CliHarness.AssertRefused(result, "not found");
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void Should_Exit2AndChangeNothing_When_AFileIsGivenForAFolderOrAFolderForAFile()
    {
        // Given a scratch folder with a file in it
        var folder = DataFolders.Scratch();
        var file = Path.Combine(folder, "m.bsm");
        File.WriteAllText(file, "not a model");

        // When each command gets the one where it wants the other, Then it says which it got, in one line with exit code 2
        CliHarness.AssertRefused(Run("compress", file, "--out", folder), $"--out: {folder} is a folder; pass a file name in it");
        CliHarness.AssertRefused(Run("predict", folder, "--text", "a film"), $"{folder}: is a folder, not a file");
        CliHarness.AssertRefused(Run("evaluate", file), $"{file}: is a file, not a folder");
        CliHarness.AssertRefused(Run("status", file), $"{file}: is a file, not a folder");
        CliHarness.AssertRefused(Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--data-dir", Slices, "--out", file),
            $"{file}: is a file, not a run folder");

        // and the file and folder are as they were
        Assert.That(File.ReadAllText(file), Is.EqualTo("not a model"));
        Assert.That(Directory.GetFileSystemEntries(folder), Is.EqualTo(new[] { file }));
    }

    [TestCase(12, "width 12", TestName = "Should_Exit2AndWriteNothing_When_VectorWidthDiffers")]
    [TestCase(0, "not found", TestName = "Should_Exit2AndWriteNothing_When_VectorsFileIsMissing")]
    public void Should_Exit2AndWriteNothing_When_VectorsAreBad(int width, string expected)
    {
        var vectors = width > 0 ? Vectors(width) : "/no/such/vectors.txt";
        var output = Path.Combine(DataFolders.Scratch(), "run");

        var result = Run("train", "--task", "imdb", "--model", "w", "--profile", "smoke", "--data-dir", Slices,
            "--embeddings", vectors, "--out", output);

        CliHarness.AssertRefused(result, expected);
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_PyTorchWeightsHaveOtherShapes()
    {
        // Given a PyTorch-style classifier state dict with a 5-word vocabulary
        var file = Path.Combine(DataFolders.Scratch(), "weights.pt");
        using (var torchModel = new BayesSparse.Tests.Models.PyTorchWeightsTests.TorchClassifier(5, 16, 16, 2))
            TorchSharp.PyBridge.PyBridgeModuleExtensions.save_py(torchModel, file);
        var output = Path.Combine(DataFolders.Scratch(), "run");

        var result = Run("train", "--task", "imdb", "--model", "wgn", "--profile", "smoke", "--data-dir", Slices,
            "--init-from", file, "--out", output);

        CliHarness.AssertRefused(result, "'embedding.weight' has shape [5, 16]");
        Assert.That(Directory.Exists(output), Is.False);
    }

    [Test]
    public void Should_WriteTorchNnsNamesThatAnOriginalStartsFrom_When_ARunIsExported()
    {
        // Given a finished W+G+N smoke run of the language model
        var run = TrainSmoke("ptb-word", "wgn");
        var file = Path.Combine(DataFolders.Scratch(), "wgn.safetensors");

        // When it is exported for PyTorch
        var (code, errors) = Run("export", run, "--out", file);

        // Then the file holds the dense language model's tensors in torch.nn's names, and an Original starts from it
        Assert.That(code, Is.Zero, string.Join("\n", errors));
        Assert.That(TorchSharp.PyBridge.Safetensors.LoadStateDict(file, null).Keys,
            Is.EquivalentTo(new[] { "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "dense.weight", "dense.bias" }));
        var original = TrainSmoke("ptb-word", "original", "--init-from", file);
        Assert.That(RunMetrics.Load(Path.Combine(original, "metrics.json")).Start!.InitModel, Is.EqualTo("pytorch"));
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_ARunWithHardSigmoidGatesIsExported()
    {
        // Given a smoke run whose gates are the authors' hard_sigmoid
        var config = Path.Combine(DataFolders.Scratch(), "hard-sigmoid.json");
        File.WriteAllText(config, File.ReadAllText(BayesSparse.Experiments.ConfigLocator.Find("ptb-word", "smoke"))
            .Replace("\"noise\": \"faithful\"", "\"noise\": \"faithful\", \"gate_activation\": \"hard_sigmoid\""));
        var run = TrainSmoke("ptb-word", "wgn", "--config", config);
        var file = Path.Combine(DataFolders.Scratch(), "wgn.pt");

        // When it is exported for PyTorch, Then the tool refuses in one line (torch.nn.LSTM computes sigmoid gates) and writes nothing
        CliHarness.AssertRefused(Run("export", run, "--out", file), "hard_sigmoid, which torch.nn.LSTM does not");
        Assert.That(File.Exists(file), Is.False);
    }

    [TestCase(new[] { "train", "--model", "wgn" }, "Option '--task' is required", TestName = "Should_Exit2_When_ARequiredOptionIsMissing")]
    [TestCase(new[] { "train", "--task", "imdb", "--model", "wgn", "--epochs", "abc" }, "--epochs: 'abc' is not a whole number", TestName = "Should_Exit2_When_AnOptionValueIsMalformed")]
    [TestCase(new[] { "bench", "recurrence", "--hidden", "16", "x" }, "--hidden: 'x' is not a whole number", TestName = "Should_Exit2_When_AListValueIsMalformed")]
    [TestCase(new[] { "train", "--task", "imdb", "--model", "prune-agp", "--target-sparsity", "high" }, "--target-sparsity: 'high' is not a number", TestName = "Should_Exit2_When_ADecimalIsMalformed")]
    [TestCase(new[] { "train", "--task", "imdb", "--model", "prune-agp", "--target-sparsity", "0,5" }, "--target-sparsity: '0,5' is not a number", TestName = "Should_Exit2_When_ADecimalHasAComma")]
    [TestCase(new[] { "reproduce", "--profile", "nope", "--plan" }, "unknown profile 'nope': use paper, cpu, smoke", TestName = "Should_Exit2_When_ReproduceGetsAnUnknownProfile")]
    [TestCase(new[] { "reproduce", "--tasks", "imdb", "nope", "--plan" }, "unknown task 'nope'", TestName = "Should_Exit2_When_ReproducePlansAnUnknownTask")]
    [TestCase(new[] { "reproduce", "--epochs", "0", "--plan" }, "--epochs must be at least 1", TestName = "Should_Exit2_When_ReproduceGetsNoEpochs")]
    [TestCase(new[] { "evaluate", "run", "--device", "gpu" }, "unknown device 'gpu': use cpu, cuda or cuda:N", TestName = "Should_Exit2_When_TheDeviceIsUnknown")]
    [TestCase(new[] { "trian", "--task", "imdb" }, "Unrecognized command or argument 'trian'", TestName = "Should_Exit2_When_TheCommandIsUnknown")]
    [TestCase(new[] { "bench", "inference" }, "pass --task, or --model FILE", TestName = "Should_Exit2_When_BenchInferenceHasNeitherTaskNorModel")]
    [TestCase(new[] { "bench", "recurrence", "--hidden", "0" }, "must be at least 1", TestName = "Should_Exit2_When_BenchRecurrenceGetsAnEmptyWidth")]
    [TestCase(new[] { "compare", "--runs", "a", "--epochs", "1" }, "pass --against RUN... or --authors TASK/MODEL", TestName = "Should_Exit2_When_CompareHasNothingToCompareWith")]
    [TestCase(new[] { "compare", "--runs", "a", "--authors", "imdb", "--epochs", "1" }, "is not TASK/MODEL", TestName = "Should_Exit2_When_CompareAuthorsIsNotTaskSlashModel")]
    [TestCase(new[] { "compare", "--runs", "a", "b", "--against", "c", "d", "--epochs", "1", "--figure", "f.png" }, "pass it with --authors", TestName = "Should_Exit2_When_CompareDrawsAFigureWithoutTheAuthors")]
    [TestCase(new[] { "compare", "--runs", "a", "b", "--against", "c", "d", "--epochs", "1", "--equal-compression" }, "pass it with --authors", TestName = "Should_Exit2_When_CompareMatchesCompressionWithoutTheAuthors")]
    [TestCase(new[] { "compare", "--runs", "a", "--authors", "imdb/wgn", "--epochs", "1", "--from-epoch", "20" }, "--from-epoch goes with --equal-compression", TestName = "Should_Exit2_When_CompareGetsAFirstEpochWithoutEqualCompression")]
    [TestCase(new[] { "bench", "epoch-profile", "--task", "imdb", "--cut-unused" }, "--cut-unused needs --run", TestName = "Should_Exit2_When_BenchEpochProfileCutsANewModel")]
    [TestCase(new[] { "bench", "cut-memory", "--cut", "0" }, "--cut, --rounds and --batches must be at least 1", TestName = "Should_Exit2_When_BenchCutMemoryCutsNothing")]
    [TestCase(new[] { "bench", "cut-memory", "--model", "original" }, "'original'", TestName = "Should_Exit2_When_BenchCutMemoryGetsAModelWithoutGroups")]
    [TestCase(new[] { "reproduce", "--collect", "/no/such/runs", "--out", "t" }, "/no/such/runs: does not exist", TestName = "Should_Exit2_When_CollectGetsAMissingFolder")]
    [TestCase(new[] { "predict", "models/imdb-wgn.bsm", "--text", " " }, "--text is empty", TestName = "Should_Exit2_When_PredictGetsNoText")]
    [TestCase(new[] { "predict", "models/ptb-word-wgn.bsm", "--text", "the", "--words", "0" }, "--words must be at least 1", TestName = "Should_Exit2_When_PredictGeneratesNoWords")]
    [TestCase(new[] { "bench", "epoch-profile", "--task", "imdb", "--csv", "/no/such/folder/profile.csv" }, "--csv: the folder /no/such/folder does not exist", TestName = "Should_Exit2BeforeBenchmarking_When_TheCsvFolderIsMissing")]
    [TestCase(new[] { "compress", "models/imdb-wgn.bsm", "--out", "/no/such/folder/m.onnx" }, "--out: the folder /no/such/folder does not exist", TestName = "Should_Exit2_When_TheCompressedModelsFolderIsMissing")]
    [TestCase(new[] { "compare", "--runs", "a", "--authors", "imdb/w", "--epochs", "0" }, "--epochs must be at least 1, got 0", TestName = "Should_Exit2_When_CompareEpochIsBelowOne")]
    [TestCase(new[] { "status", "/no/such/runs" }, "/no/such/runs: does not exist", TestName = "Should_Exit2_When_StatusGetsAMissingFolder")]
    [TestCase(new[] { "compress", "/no/such/run", "--out", "m.bsm" }, "/no/such/run: does not exist", TestName = "Should_Exit2_When_CompressGetsNeitherARunNorAModel")]
    public void Should_Exit2WithOneLine_When_TheCommandLineIsBad(string[] args, string expected) =>
        CliHarness.AssertRefused(CliHarness.Run(args), expected);

    [Test]
    public void Should_WriteARowPerBackendAndWidth_When_BenchRecurrenceRuns()
    {
        // When the recurrence benchmark times two small widths once each
        var csv = Path.Combine(DataFolders.Scratch(), "recurrence.csv");
        var (code, errors) = CliHarness.Run("bench", "recurrence", "--hidden", "3", "5", "--input", "4", "--batch", "2", "--steps", "3",
            "--repeats", "1", "--csv", csv);

        // Then the CSV has the fused kernel and the per-step cell at each width, each timed, the fused kernel the unit
        Assert.That(code, Is.EqualTo(0), string.Join("\n", errors));
        var rows = File.ReadAllLines(csv).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.That(rows.Select(r => (r[0], r[4])), Is.EqualTo(new[] { ("fused", "3"), ("unrolled", "3"), ("fused", "5"), ("unrolled", "5") }));
        Assert.That(rows.Select(r => double.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture)), Has.All.GreaterThan(0));
        Assert.That(rows.Where(r => r[0] == "fused").Select(r => r[8]), Has.All.EqualTo("1"));
    }

    [Test]
    public void Should_ReadTheModelsTask_When_BenchInferenceGetsAModelFileWithoutTask()
    {
        // When the inference benchmark gets the shipped classifier and no --task (and a profile that does not exist)
        var result = CliHarness.Run("bench", "inference", "--model", RepositoryFiles.Path("models", "imdb-wgn.bsm"),
            "--profile", "nosuch");

        // Then it reads the task from the file and goes on to the profile, which it refuses
        CliHarness.AssertRefused(result, "unknown profile 'nosuch'");
    }

    [TestCase(".bsm or .onnx", "compress", "{model}", "--out", "{file}.txt", TestName = "Should_Exit2_When_CompressOutHidesItsFormat")]
    [TestCase(".pt, .pth, .bin or .safetensors", "export", "{run}", "--out", "{file}.txt", TestName = "Should_Exit2_When_ExportOutHidesItsFormat")]
    [TestCase("must end in .csv", "status", "{run}", "--csv", "{file}.tsv", TestName = "Should_Exit2_When_CsvHasAnotherEnding")]
    [TestCase("must end in .png", "evaluate", "{run}", "--figure", "{file}.svg", TestName = "Should_Exit2_When_FigureHasAnotherEnding")]
    public void Should_Exit2AndWriteNothing_When_AnOutputNameHidesItsFormat(string cause, params string[] args)
    {
        // Given a committed run, the shipped model and a scratch file name
        var file = Path.Combine(DataFolders.Scratch(), "out");
        var filled = args.Select(arg => arg.Replace("{model}", RepositoryFiles.Path("models", "imdb-wgn.bsm"))
            .Replace("{run}", RepositoryFiles.Path("experiments", "paper-epochs", "results", "imdb", "wn-e800")).Replace("{file}", file)).ToArray();

        // When the output file's name ends in what its command does not write
        var result = Run(filled);

        // Then it is refused in one line naming the endings it takes, and nothing is written
        CliHarness.AssertRefused(result, cause);
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(file)!), Is.Empty);
    }

    [TestCase("bench", "train-step", "--task", "imdb", TestName = "Should_Exit2_When_TrainStepAsksForCudaThatIsNotHere")]
    [TestCase("bench", "epoch-profile", "--task", "imdb", TestName = "Should_Exit2_When_EpochProfileAsksForCudaThatIsNotHere")]
    public void Should_Exit2WithTheFix_When_ABenchmarkAsksForCudaThatIsNotHere(params string[] args)
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");

        // When a benchmark is asked to run on CUDA, Then it is refused in one line that names the CPU as the way out
        CliHarness.AssertRefused(Run([.. args, "--device", "cuda", "--data-dir", Slices]), "finds no CUDA device here; use --device cpu");
    }

    [Test]
    public void Should_ReadEpochCostAsResultsQuotes_When_AnalyzingTheCommittedRun()
    {
        // When the committed IMDb W+G+N 800-epoch run is read against the idle machines' 46 s epoch 1
        var result = CliHarness.RunCapturing("analyze", "epoch-cost", RepositoryFiles.Path("experiments", "paper-epochs", "results", "imdb", "wgn-e800"),
            "--reference-seconds", "46");

        // Then it prints what docs/results.md quotes: epoch 62 the first small one, 116 the first under 5.75 s
        Assert.That((result.Code, result.Errors), Is.EqualTo((0, Array.Empty<string>())));
        Assert.That(result.Output, Does.Contain("epoch 62: the first at most 50 hidden, 100 gates, 1000 words (49, 58, 433)")
            .And.Contain("the first epoch at most 5.75 s from there: 116 (5.5 s"));
    }

    [TestCase("ptb-word/wgn-e150", "paper-epochs", true, TestName = "Should_SayTheCountsReadLow_When_TheRunCutStructure")]
    [TestCase("imdb/observe-seed1", "compaction", false, TestName = "Should_NotWarn_When_TheRunOnlyCounted")]
    public void Should_SayWhetherCutsHideComebacks_When_ReadingARun(string run, string experiment, bool cut)
    {
        // When a committed run's comebacks are read
        var result = CliHarness.RunCapturing("analyze", "comebacks", RepositoryFiles.Path(["experiments", experiment, "results", .. run.Split('/')]));

        // Then a run that cut structure while training is said to read low past its own K, and one that only counted is not
        Assert.That((result.Code, result.Errors), Is.EqualTo((0, Array.Empty<string>())));
        Assert.That(result.Output.Contains("the counts read low"), Is.EqualTo(cut));
    }

    [TestCase("structure.csv not found", "comebacks", "{run}", TestName = "Should_Exit2_When_ARunCountedNoUnusedStructure")]
    [TestCase("--max-k must be at least 1", "comebacks", "{run}", "--max-k", "0", TestName = "Should_Exit2_When_MaxKIsBelowOne")]
    [TestCase("--fraction must be above 0", "epoch-cost", "{run}", "--fraction", "0", TestName = "Should_Exit2_When_FractionIsZero")]
    [TestCase("is a file, not a folder", "epoch-cost", "{run}/epochs.csv", TestName = "Should_Exit2_When_AnalyzeGetsAFile")]
    public void Should_Exit2_When_AnalyzeIsGivenBadInput(string cause, params string[] args)
    {
        // Given a committed run that did not count unused structure (no structure.csv)
        var run = RepositoryFiles.Path("experiments", "results", "cpu", "imdb", "w");

        // When it is analyzed with one bad value, Then it is refused in one line with exit code 2
        CliHarness.AssertRefused(Run(["analyze", .. args.Select(a => a.Replace("{run}", run))]), cause);
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_CompareFigureGoesToAMissingFolder()
    {
        // When a committed run is compared with the authors' log, its figure asked for in a folder that does not exist
        var csv = Path.Combine(DataFolders.Scratch(), "authors.csv");
        var result = Run("compare", "--runs", RepositoryFiles.Path("experiments", "paper-epochs", "results", "imdb", "wn-e800"), "--authors", "imdb/wn",
            "--epochs", "800", "--csv", csv, "--figure", Path.Combine(DataFolders.Scratch(), "no-such-folder", "curves.png"));

        // Then it is refused in one line before the CSV is written
        CliHarness.AssertRefused(result, "no-such-folder does not exist");
        Assert.That(File.Exists(csv), Is.False);
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_CollectFindsNoFinishedRun()
    {
        // Given a folder with an unfinished run in it (a config and a log, no metrics.json)
        var runs = DataFolders.Scratch();
        Directory.CreateDirectory(Path.Combine(runs, "imdb", "w"));
        File.WriteAllText(Path.Combine(runs, "imdb", "w", "epochs.csv"), "epoch\n");
        var output = DataFolders.Scratch();

        // When it is collected into a table
        var result = Run("reproduce", "--collect", runs, "--out", output);

        // Then it is refused in one line and no table is written
        CliHarness.AssertRefused(result, "no finished run (metrics.json) below it");
        Assert.That(Directory.Exists(Path.Combine(output, "collected")), Is.False);
    }

    [Test]
    public void Should_Exit2NamingTheFile_When_VerifyIsAskedForADataSetThatIsMissing()
    {
        // Given a data folder holding the PTB slices only (with the slices' checksums)
        var data = DataFolders.Scratch();
        File.Copy(Path.Combine(DataFolders.Slices.Path, "SHA256SUMS"), Path.Combine(data, "SHA256SUMS"));
        Directory.CreateDirectory(Path.Combine(data, "ptb"));
        foreach (var file in Directory.GetFiles(Path.Combine(DataFolders.Slices.Path, "ptb")))
            File.Copy(file, Path.Combine(data, "ptb", Path.GetFileName(file)));

        // When it is verified for the tasks a user is about to run
        var ptb = Run("data", "verify", "--tasks", "ptb-word", "ptb-char", "--data-dir", data);
        var imdb = Run("data", "verify", "--tasks", "imdb", "--data-dir", data);
        var everything = Run("data", "verify", "--data-dir", data);
        var unknown = Run("data", "verify", "--tasks", "ptb-words", "--data-dir", data);

        // Then PTB passes; IMDb is refused in one line naming its first missing file and the download that fetches it;
        // without --tasks the missing sets are listed, not failed; a name that is no data set is refused
        Assert.That(ptb.Code, Is.EqualTo(0));
        Assert.That(ptb.Errors, Is.Empty);
        CliHarness.AssertRefused(imdb, Path.Combine(data, "imdb", "imdb_train.tsv") + ": not found");
        Assert.That(imdb.Errors[0], Does.Contain("data download --tasks imdb"));
        Assert.That(everything.Code, Is.EqualTo(0));
        CliHarness.AssertRefused(unknown, "unknown data set 'ptb-words'");
    }
}
