using System.Text.Json;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Reporting;
using BayesSparse.Structure;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
public sealed class ExperimentRunnerTests
{
    private static ExperimentConfig Smoke(string task) => ExperimentConfig.Load(ConfigLocator.Find(task, "smoke"));

    private static string Folder() => Path.Combine(DataFolders.Scratch(), "run");

    [TestCase("ptb-word", ModelKind.WGN)]
    [TestCase("ptb-char", ModelKind.WN)]
    [TestCase("imdb", ModelKind.WGN)]
    [TestCase("agnews", ModelKind.Original)]
    [TestCase("ptb-word", ModelKind.PruneNarang)]
    [TestCase("imdb", ModelKind.PruneAgp)]
    public void Should_WriteLogMetricsAndCheckpoint_When_SmokeRunFinishes(string task, ModelKind kind)
    {
        var folder = Folder();
        var metrics = new ExperimentRunner(Smoke(task), kind, DataFolders.Slices, folder, torch.CPU).Run(resume: false)!;

        var log = CsvFiles.Read<EpochLogRow>(Path.Combine(folder, "epochs.csv"));
        Assert.That(log.Select(r => r.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(log.All(r => r.ResidentMb > 0 && r.Parameters > 0), Is.True);
        Assert.That(log.All(r => r.CpuSeconds > 0 && r.CpuSeconds <= r.Seconds * Environment.ProcessorCount + 0.5), Is.True,
            "processor seconds of the epoch, at most its wall seconds on every core");
        if (OperatingSystem.IsLinux()) Assert.That(log.All(r => r.HeapInUseMb > 0 && r.HeapInUseMb < r.ResidentMb), Is.True, "glibc's heap in use, inside the resident size");
        Assert.That(File.Exists(Path.Combine(folder, "checkpoint", "model.bin")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, "gates.png")), Is.True);
        Assert.That(Directory.GetFiles(Path.Combine(folder, "tensorboard"), "*tfevents*", SearchOption.AllDirectories), Is.Not.Empty);
        var written = JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(Path.Combine(folder, "metrics.json")), ExperimentConfig.Json)!;
        Assert.That(written.Test, Is.EqualTo(metrics.Test));
        Assert.That(double.IsFinite(metrics.Valid) && double.IsFinite(metrics.Test), Is.True);
        Assert.That(metrics.Note is not null, Is.EqualTo(task == "agnews"), "the stand-in protocol says so");
        if (kind == ModelKind.PruneAgp) Assert.That(metrics.Compression, Is.GreaterThan(5), "AGP reached most of its 90% target");
        // the smoke configs' noise: faithful (z per sequence) runs the per-step cell, a model without z the fused kernel
        var backend = kind is ModelKind.WGN or ModelKind.WN ? "unrolled" : "fused";
        Assert.That(File.ReadAllText(Path.Combine(folder, "environment.json")), Does.Contain($"\"recurrent_backend\": \"{backend}\""));
    }

    [Test]
    public void Should_RecordTheEpochsItTrainsTo_When_EpochsAreOverridden()
    {
        // Given the ptb-word smoke config (2 epochs), When a run is asked for 1 epoch
        var folder = Folder();
        new ExperimentRunner(Smoke("ptb-word"), ModelKind.W, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);

        // Then its config.json says 1, so that training again with --config config.json repeats the run
        Assert.That(Smoke("ptb-word").Training.Epochs, Is.EqualTo(2));
        Assert.That(ExperimentConfig.Load(Path.Combine(folder, "config.json")).Training.Epochs, Is.EqualTo(1));
    }

    [Test]
    public void Should_EndAtTheSameNumbers_When_ResumedAfterAnInterruption()
    {
        var config = Smoke("ptb-word") with { Training = Smoke("ptb-word").Training with { Epochs = 3 } };
        var straight = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, Folder(), torch.CPU).Run(resume: false)!;

        var folder = Folder();
        new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);
        var resumed = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: true)!;

        Assert.That(resumed.Test, Is.EqualTo(straight.Test));
        Assert.That(resumed.Valid, Is.EqualTo(straight.Valid));
        Assert.That(CsvFiles.Read<EpochLogRow>(Path.Combine(folder, "epochs.csv")), Has.Count.EqualTo(3));
    }

    [Test]
    public void Should_LogTheTestAtTheAskedEpochs_When_TestEveryIsSet_WithoutChangingTraining()
    {
        // Given the same three-epoch run without and with training.test_every = 2
        var config = Smoke("ptb-word") with { Training = Smoke("ptb-word").Training with { Epochs = 3 } };
        var plain = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, Folder(), torch.CPU).Run(resume: false)!;
        var folder = Folder();
        var tested = new ExperimentRunner(config with { Training = config.Training with { TestEvery = 2 } }, ModelKind.WGN, DataFolders.Slices, folder,
            torch.CPU).Run(resume: false)!;

        // Then only epoch 2 has a test reading, and the runs end at the same numbers (evaluating draws no random numbers)
        var log = CsvFiles.Read<EpochLogRow>(Path.Combine(folder, "epochs.csv"));
        Assert.That(log.Select(r => r.TestQuality.HasValue), Is.EqualTo(new[] { false, true, false }));
        Assert.That(log[1].TestQuality, Is.GreaterThan(1).And.LessThan(100_000), "a perplexity");
        Assert.That((tested.Valid, tested.Test, tested.Compression), Is.EqualTo((plain.Valid, plain.Test, plain.Compression)));
        Assert.Throws<ArgumentException>(() => (config with { Training = config.Training with { TestEvery = 0 } }).Validate());
    }

    [Test]
    public void Should_RemoveTheFinishedMetrics_When_ARunIsExtendedByMoreEpochs()
    {
        // Given a finished one-epoch run
        var folder = Folder();
        new ExperimentRunner(Smoke("ptb-word"), ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);
        var metricsPath = Path.Combine(folder, "metrics.json");
        Assert.That(RunMetrics.Load(metricsPath).Epochs, Is.EqualTo(1));

        // When it is resumed for a second epoch
        var seen = new MetricsSeen(metricsPath);
        var metrics = new ExperimentRunner(Smoke("ptb-word"), ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: true, seen, epochsOverride: 2)!;
        // Then no metrics.json is there while it trains
        Assert.That(seen.AtEpochBegin, Is.EqualTo(new[] { false }));
        // and the new one describes the extended run
        Assert.That(RunMetrics.Load(metricsPath).Epochs, Is.EqualTo(2).And.EqualTo(metrics.Epochs));
    }

    [Test]
    public void Should_LeaveAFinishedRunAsItIs_When_ItIsResumedForNoMoreEpochs()
    {
        // Given a finished one-epoch run
        var folder = Folder();
        var finished = new ExperimentRunner(Smoke("ptb-word"), ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1)!;
        var files = Directory.GetFiles(folder).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // When it is resumed for the same epochs
        var metrics = new ExperimentRunner(Smoke("ptb-word"), ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: true, epochsOverride: 1)!;

        // Then it returns its metrics and writes no file again
        Assert.That(metrics, Is.EqualTo(finished));
        Assert.That(Directory.GetFiles(folder).ToDictionary(f => f, File.GetLastWriteTimeUtc), Is.EqualTo(files));
    }

    /// <summary>Records whether a metrics file exists when each epoch begins.</summary>
    private sealed class MetricsSeen(string path) : IRunCallback
    {
        public List<bool> AtEpochBegin { get; } = [];

        public void OnEpochBegin(RunContext run, int epoch, int batches) => AtEpochBegin.Add(File.Exists(path));
    }

    [Test]
    public void Should_RefuseCheckpointOfAnotherTask_When_Resuming()
    {
        var folder = Folder();
        new ExperimentRunner(Smoke("ptb-word"), ModelKind.W, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);
        var error = Assert.Throws<DataException>(() =>
            new ExperimentRunner(Smoke("ptb-char"), ModelKind.W, DataFolders.Slices, folder, torch.CPU).Run(resume: true))!;
        Assert.That(error.Message, Does.Contain("ptb-word/w"));
    }

    [Test]
    public void Should_RejectUnknownKeysAndImpossibleValues_When_LoadingConfig()
    {
        var folder = DataFolders.Scratch();
        var unknown = Path.Combine(folder, "unknown.json");
        File.WriteAllText(unknown, File.ReadAllText(ConfigLocator.Find("imdb", "smoke")).Replace("\"seed\"", "\"sead\""));
        Assert.That(Assert.Throws<DataException>(() => ExperimentConfig.Load(unknown))!.Message, Does.Contain("sead"));

        var negative = Path.Combine(folder, "negative.json");
        File.WriteAllText(negative, File.ReadAllText(ConfigLocator.Find("imdb", "smoke")).Replace("\"hidden_size\": 16", "\"hidden_size\": -4"));
        Assert.That(Assert.Throws<DataException>(() => ExperimentConfig.Load(negative))!.Message, Does.Contain("model.hidden_size must be at least 1"));
    }

    [Test]
    public void Should_TrainEvaluateAndCompressWithHardSigmoidGates_When_TheConfigAsksForThem()
    {
        // Given a config with the authors' hard_sigmoid gates, read from JSON
        var folder = DataFolders.Scratch();
        var path = Path.Combine(folder, "hard.json");
        File.WriteAllText(path, File.ReadAllText(ConfigLocator.Find("imdb", "smoke")).Replace("\"hidden_size\": 16", "\"hidden_size\": 16, \"gate_activation\": \"hard_sigmoid\""));
        var config = ExperimentConfig.Load(path);
        Assert.That(config.Model.GateActivation, Is.EqualTo(GateActivation.HardSigmoid));

        // When a W+G+N model trains and is compressed
        var run = Path.Combine(folder, "run");
        var metrics = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, run, torch.CPU).Run(resume: false)!;
        var compressed = RunCompression.Compress(TrainedRun.Open(run));

        // Then the run records its gates and the backend that could run them (libtorch's fused kernel cannot), and the
        // compressed model computes them and scores what the run reported
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"gate_activation\": \"hard_sigmoid\""));
        Assert.That(File.ReadAllText(Path.Combine(run, "environment.json")), Does.Contain("\"recurrent_backend\": \"unrolled\""));
        Assert.That(compressed.Lstm.Gates, Is.EqualTo(GateActivation.HardSigmoid));
        Assert.That(RunCompression.TestQuality(compressed, config, DataFolders.Slices), Is.EqualTo(metrics.Test).Within(1e-6));

        // and a gate activation the library does not have is one line naming the key
        File.WriteAllText(path, File.ReadAllText(path).Replace("hard_sigmoid", "relu"));
        Assert.That(Assert.Throws<DataException>(() => ExperimentConfig.Load(path))!.Message, Does.Contain("gate_activation").And.Not.Contain("\n"));
    }

    [Test]
    public void Should_WeighTheKlByEpoch_When_KlWeightsAreSet()
    {
        // Given the same smoke run with the ELBO and with the KL weighed 200 times in its first epoch only
        var config = Smoke("ptb-word") with { Training = Smoke("ptb-word").Training with { Epochs = 2 } };
        var boosted = config with { Training = config.Training with { KlWeights = [200] } };
        var (plainFolder, boostedFolder) = (Folder(), Folder());
        new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, plainFolder, torch.CPU).Run(resume: false);
        new ExperimentRunner(boosted, ModelKind.WGN, DataFolders.Slices, boostedFolder, torch.CPU).Run(resume: false);
        var plain = CsvFiles.Read<EpochLogRow>(Path.Combine(plainFolder, "epochs.csv"));
        var heavy = CsvFiles.Read<EpochLogRow>(Path.Combine(boostedFolder, "epochs.csv"));

        // Then the first epoch's loss carries the heavier KL and the weights shrink further
        Assert.That(heavy[0].TrainLoss, Is.GreaterThan(plain[0].TrainLoss + 1), "the loss includes 200 times the KL term");
        Assert.That(heavy[0].Compression, Is.GreaterThan(plain[0].Compression));
        // and the second epoch is back on the ELBO: its loss is the data term plus KL / N at the same scale again
        Assert.That(heavy[1].TrainLoss, Is.LessThan(heavy[0].TrainLoss - 1));
        Assert.That(File.ReadAllText(Path.Combine(boostedFolder, "config.json")), Does.Contain("\"kl_weights\": ["));

        // and a negative weight is one line naming the key
        var path = Path.Combine(DataFolders.Scratch(), "negative-kl.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config with { Training = config.Training with { KlWeights = [1, -2] } }, ExperimentConfig.Json));
        Assert.That(Assert.Throws<DataException>(() => ExperimentConfig.Load(path))!.Message, Does.Contain("training.kl_weights").And.Not.Contain("\n"));
    }

    /// <summary>
    /// Learning rates (and, for PTB, a KL weight) far above the paper's make a smoke run of 8 batches an epoch remove
    /// structure within its first epochs: IMDb cuts at the end of epoch 3, PTB word at the end of epoch 2.
    /// </summary>
    [TestCase("imdb", 0.05, 1.0, 4, 3, false)]
    [TestCase("imdb", 0.05, 1.0, 4, 3, true)]
    [TestCase("ptb-word", 0.3, 1000.0, 3, 2, false)]
    public void Should_CutRemovedStructureAndResumeExactly_When_CompactionIsOn(string task, double learningRate, double klWeight, int epochs,
        int stopAfter, bool hiddenWindow)
    {
        // Given a smoke run that removes structure early, cut after one removed epoch (hidden neurons, with a window,
        // after 2 of the last 3)
        var smoke = Smoke(task);
        var config = smoke with
        {
            Data = smoke.Data with { MaxBatchesPerEpoch = 8 },
            Training = smoke.Training with
            {
                Epochs = epochs, LearningRate = learningRate, KlWeights = [klWeight, klWeight, klWeight], CompactAfter = 1,
                CompactAfterByGroup = hiddenWindow ? new() { ["lstm.hidden"] = 2 } : null,
                CompactWindowByGroup = hiddenWindow ? new() { ["lstm.hidden"] = 3 } : null,
            },
        };
        var straightFolder = Folder();
        var straight = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, straightFolder, torch.CPU).Run(resume: false)!;

        // When the same run stops right after its first cut and is resumed in a new runner
        var folder = Folder();
        new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: stopAfter);
        Assert.That(Checkpoint.ReadState(Path.Combine(folder, "checkpoint")).Live, Is.Not.Empty, "the run was cut before it stopped");
        var resumed = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: true)!;

        // Then structure was cut: the checkpoint records the live entries and the tensors shrank
        var state = Checkpoint.ReadState(Path.Combine(folder, "checkpoint"));
        Assert.That(state.Live, Is.Not.Empty);
        Assert.That(state.UnusedReadings?.ContainsKey("lstm.hidden"), hiddenWindow ? Is.True : Is.Null, "the window's readings are in the checkpoint");
        var log = CsvFiles.Read<EpochLogRow>(Path.Combine(folder, "epochs.csv"));
        Assert.That(log[^1].Parameters, Is.LessThan(log[0].Parameters));
        Assert.That(File.ReadAllText(Path.Combine(folder, "config.json")), Does.Contain("\"compact_after\": 1"));
        // and the resumed run ends at the uninterrupted run's numbers, with the same structure log
        Assert.That(File.ReadAllText(Path.Combine(folder, "structure.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(straightFolder, "structure.csv"))));
        Assert.That(CsvFiles.Read<StructureLogRow>(Path.Combine(folder, "structure.csv")).Select(r => r.Epoch).Distinct(), Is.EqualTo(Enumerable.Range(1, epochs)));
        Assert.That((resumed.Valid, resumed.Test, resumed.Compression), Is.EqualTo((straight.Valid, straight.Test, straight.Compression)));
        // and the cut run compresses to a model that scores what it reported, in the original coordinates
        var compressed = RunCompression.Compress(TrainedRun.Open(folder));
        Assert.That(RunCompression.TestQuality(compressed, config, DataFolders.Slices), Is.EqualTo(resumed.Test).Within(1e-4).Percent);
    }

    [Test]
    public void Should_EqualARunCompactedFromThatEpoch_When_AnUncutRunTurnsCompactionOnAtResume()
    {
        // Given the PTB word smoke run that cuts at the end of epoch 2 (K = 1), compacting only from epoch 2 on
        var smoke = Smoke("ptb-word");
        var config = smoke with
        {
            Data = smoke.Data with { MaxBatchesPerEpoch = 8 },
            Training = smoke.Training with { Epochs = 3, LearningRate = 0.3, KlWeights = [1000.0, 1000.0, 1000.0], CompactAfter = 1, CompactFromEpoch = 2 },
        };
        var straightFolder = Folder();
        var straight = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, straightFolder, torch.CPU).Run(resume: false)!;

        // When the same run trains its first epoch with compaction off and is resumed with compaction from epoch 2
        var folder = Folder();
        var uncut = config with { Training = config.Training.WithoutCompaction() };
        new ExperimentRunner(uncut, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);
        var resumed = new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: true)!;

        // Then it cut structure, read from epoch 2 on only, and ends at the straight run's numbers
        var log = CsvFiles.Read<EpochLogRow>(Path.Combine(folder, "epochs.csv"));
        Assert.That(log[^1].Parameters, Is.LessThan(log[0].Parameters));
        Assert.That(CsvFiles.Read<StructureLogRow>(Path.Combine(folder, "structure.csv")).Select(r => r.Epoch).Distinct(), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(File.ReadAllText(Path.Combine(folder, "structure.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(straightFolder, "structure.csv"))));
        Assert.That((resumed.Valid, resumed.Test, resumed.Compression), Is.EqualTo((straight.Valid, straight.Test, straight.Compression)));
        Assert.That(config.Training.CompactionRule(), Is.EqualTo("after 1 from epoch 2"));
    }

    [Test]
    public void Should_NameTheWindowInTheRule_AndRefuseOneShorterThanItsK()
    {
        // Given the IMDb smoke config cutting after 10, input neurons after 20
        var smoke = Smoke("imdb");
        var training = smoke.Training with { CompactAfter = 10, CompactAfterByGroup = new() { ["lstm.input"] = 20 } };

        // Then a window of 30 for input neurons is named in the rule, and one shorter than K, longer than 64, or without K is refused
        var windowed = training with { CompactWindowByGroup = new() { ["lstm.input"] = 30, ["lstm.hidden"] = 12 } };
        Assert.That((smoke with { Training = windowed }).Validate().Training.CompactionRule(), Is.EqualTo("after 10 (lstm.hidden 10 of 12, lstm.input 20 of 30)"));
        foreach (var (bad, message) in new[]
        {
            (training with { CompactWindowByGroup = new() { ["lstm.input"] = 19 } }, "must be from its K (20) to 64, got 19"),
            (training with { CompactWindowByGroup = new() { ["lstm.input"] = 65 } }, "must be from its K (20) to 64, got 65"),
            (training.WithoutCompaction() with { CompactWindowByGroup = new() { ["lstm.input"] = 30 } }, "needs training.compact_after"),
        })
            Assert.That(Assert.Throws<ArgumentException>(() => (smoke with { Training = bad }).Validate())!.Message, Does.Contain(message));
    }

    [TestCase("imdb", "after 10 (lstm.hidden 20, lstm.input 20)")]
    [TestCase("ptb-word", "after 10 (lstm.hidden 20)")]
    public void Should_CompactByDefault_WithGroupsEverySparseVDModelHas_When_CpuProfile(string task, string rule)
    {
        // Given the cpu profile of a task whose compaction rule was measured (experiments/compaction)
        var training = ExperimentConfig.Load(ConfigLocator.Find(task, "cpu")).Training;

        // Then it compacts by that rule, and each SparseVD model of the task has every group the rule names
        Assert.That(training.CompactionRule(), Is.EqualTo(rule));
        foreach (var kind in new[] { ModelKind.W, ModelKind.WN, ModelKind.WGN })
        {
            using var built = ExperimentRunner.CreateTask(Smoke(task), kind, DataFolders.Slices, torch.CPU);
            var groups = ((IStructuredModel)built.Model.Module).EvalKeptGroups().Keys;
            Assert.That(training.CompactAfterByGroup!.Keys, Is.SubsetOf(groups), $"{task}/{kind}");
        }
        // and --no-compaction's section is off
        Assert.That(training.WithoutCompaction().CompactionRule(), Is.EqualTo("off"));
    }

    [TestCase("paper")]
    [TestCase("cpu")]
    [TestCase("smoke")]
    public void Should_LoadEveryShippedConfig_When_Validated(string profile)
    {
        foreach (var task in PaperTask.Names)
        {
            var config = ExperimentConfig.Load(ConfigLocator.Find(task, profile));
            Assert.That((config.Task, config.Profile), Is.EqualTo((task, profile)));
            Assert.That(config.Notes, Does.Contain("bayes-sparse train"));
        }
    }
}
