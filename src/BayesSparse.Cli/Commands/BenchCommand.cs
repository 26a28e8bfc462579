using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse bench</c>: speed measurements that write CSV (never timed tests).</summary>
public static class BenchCommand
{
    /// <summary>Builds the command and its sub-commands.</summary>
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "imdb, agnews, ptb-char or ptb-word", Required = true };
        var steps = new Option<int>("--steps") { Description = "Timed steps per model (median of these)", DefaultValueFactory = _ => 20 };
        var csv = CommonOptions.Csv();
        var models = new Option<string[]>("--models")
        {
            Description = "Bayesian models to time (w, wn, wgn); the Original is always timed", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["w", "wn", "wgn"],
        };
        models.AcceptOnlyFromAmong("w", "wn", "wgn");
        var modes = new Option<string[]>("--modes")
        {
            Description = "Noise modes to time (faithful, fast)", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["faithful", "fast"],
        };
        modes.AcceptOnlyFromAmong("faithful", "fast");
        var batch = new Option<string>("--batch")
        {
            Description = "What the models train on: uniform random tokens (the worst case for the sparse lookups) or the "
                          + "task's first real training batch from --data-dir",
            DefaultValueFactory = _ => "random",
        };
        batch.AcceptOnlyFromAmong("random", "data");
        var stepDataDir = CommonOptions.DataDir();
        var trainStep = new Command("train-step",
            "Time forward + backward + Adam for Original, W, W+N, W+G+N in both noise modes on the paper's shapes.")
            { task, steps, models, modes, batch, stepDataDir, csv };
        trainStep.SetAction(parse =>
        {
            var taskName = parse.GetValue(task)!;
            PaperShapes.For(taskName); // validates the name before any work
            if (parse.GetValue(steps) < 1) throw new ArgumentException("--steps must be at least 1");
            var table = new Table().AddColumns("task", "model", "mode", "ms median", "ms min", "x original", "live tensors +");
            var (chosenModels, chosenModes) = (parse.GetValue(models)!, parse.GetValue(modes)!);
            var data = parse.GetValue(batch) == "data" ? BayesSparse.Data.DataDirectory.Resolve(parse.GetValue(stepDataDir)) : null;
            var rows = TrainStepBenchmark.Run(taskName, parse.GetValue(steps), onRow: row =>
                AnsiConsole.MarkupLine($"  {row.Model,-8} {row.Mode,-8} {row.MsMedian,8:F1} ms  ({row.RatioToOriginal:F2}x)"),
                include: (model, mode) => chosenModels.Contains(model) && chosenModes.Contains(mode), data: data);
            foreach (var r in rows)
                table.AddRow(r.Task, r.Model, r.Mode, F(r.MsMedian), F(r.MsMin), r.RatioToOriginal.ToString("F2", CultureInfo.InvariantCulture), r.LiveTensorDelta.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        var dataDir = CommonOptions.DataDir();
        var dataCsv = CommonOptions.Csv();
        var data = new Command("data", "Time reading and tokenising the IMDb train split.") { dataDir, dataCsv };
        data.SetAction(parse =>
        {
            var timing = DataLoadingBenchmark.Run(BayesSparse.Data.DataDirectory.Resolve(parse.GetValue(dataDir)));
            AnsiConsole.MarkupLine($"{timing.What}: {timing.Rows:N0} reviews, {timing.Tokens:N0} tokens in [bold]{timing.Seconds:F2} s[/]");
            if (parse.GetValue(dataCsv) is { } path) CsvFiles.Write(path, [timing]);
            return 0;
        });
        var inferenceTask = new Option<string?>("--task") { Description = "imdb, agnews, ptb-char or ptb-word (with --model: read from the file when left out)" };
        var run = new Option<string?>("--run") { Description = "The trained run folder to compress (default: experiments/results/cpu/TASK/wgn)" };
        var modelFile = new Option<string?>("--model") { Description = "Time this compressed model file instead of compressing a run (e.g. models/imdb-wgn.bsm)" };
        var profile = CommonOptions.Profile("With --model: the profile whose shapes the dense models get");
        var inferenceCsv = CommonOptions.Csv();
        var inference = new Command("inference",
            "Dense original and neurons removed (TorchSharp fused LSTM, ONNX Runtime) vs the compressed model (ONNX Runtime, plain .NET), batch 1 and 64.")
            { inferenceTask, run, modelFile, profile, inferenceCsv };
        inference.SetAction(parse =>
        {
            var taskName = parse.GetValue(inferenceTask);
            if (taskName is not null) PaperShapes.For(taskName);
            var (config, compressed, source) = parse.GetValue(modelFile) is { } file
                ? FromModelFile(file, taskName, parse.GetValue(profile)!)
                : FromRun(parse.GetValue(run) ?? Path.Combine("experiments", "results", "cpu",
                    taskName ?? throw new ArgumentException("bench inference: pass --task, or --model FILE"), "wgn"), taskName);
            AnsiConsole.MarkupLine($"{Markup.Escape(source)}: {Markup.Escape(compressed.Layout)}");
            AnsiConsole.MarkupLine($"The dense models get random weights of shape H = {config.Model.HiddenSize}, E = {config.Model.EmbeddingDim}: " +
                "their speed does not depend on the values.");
            var rows = InferenceBenchmark.Run(config, compressed);
            var table = new Table().AddColumns("engine", "batch", "steps / call", "ms / step", "tokens / s", "speed-up", "ideal FLOP ratio", "MACs / token", "% of peak");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Engine), r.Batch.ToString(CultureInfo.InvariantCulture), r.StepsPerCall.ToString(CultureInfo.InvariantCulture),
                    r.MsPerToken.ToString("F4", CultureInfo.InvariantCulture), F(r.TokensPerSecond),
                    r.SpeedUp.ToString("F2", CultureInfo.InvariantCulture), r.IdealFlopRatio.ToString("F1", CultureInfo.InvariantCulture),
                    r.MultiplyAddsPerToken.ToString("N0", CultureInfo.InvariantCulture), (100 * r.FractionOfPeak).ToString("F2", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (parse.GetValue(inferenceCsv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return new Command("bench", "Benchmarks that write CSV.") { trainStep, data, inference, EpochProfile(), CutMemory(), Recurrence() };
    }

    /// <summary><c>bench recurrence</c>: one LSTM recurrence, forward and backward, on each training backend by width.</summary>
    private static Command Recurrence()
    {
        var hidden = new Option<int[]>("--hidden") { Description = "Hidden widths", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [16, 32, 64, 128] };
        var input = new Option<int>("--input") { Description = "Input features per step", DefaultValueFactory = _ => 300 };
        var batch = new Option<int>("--batch") { Description = "Sequences per batch", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Steps per sequence", DefaultValueFactory = _ => 200 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats per backend and width (median)", DefaultValueFactory = _ => 10 };
        var csv = CommonOptions.Csv();
        var command = new Command("recurrence",
            "One LSTM recurrence, forward and backward, on each backend that trains with z shared (libtorch's fused kernel, the per-step cell), by width (default: IMDb's batch, steps and input).")
            { hidden, input, batch, steps, repeats, csv };
        command.SetAction(parse =>
        {
            int[] widths = parse.GetValue(hidden)!;
            if (widths.Length == 0 || widths.Any(w => w < 1) || new[] { parse.GetValue(input), parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(repeats) }.Any(v => v < 1))
                throw new ArgumentException("bench recurrence: --hidden, --input, --batch, --steps and --repeats must be at least 1");
            var rows = RecurrenceBenchmark.Run(parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(input), widths, parse.GetValue(repeats),
                onRow: r => AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Backend} H={r.Hidden}: {r.ForwardMs:F1} + {r.BackwardMs:F1} = [bold]{r.TotalMs:F1} ms[/] ({r.RatioToFused:F2} of fused)")));
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }

    /// <summary><c>bench epoch-profile</c>: where a training epoch's time goes, for a new model or a run's checkpoint.</summary>
    private static Command EpochProfile()
    {
        var task = new Option<string?>("--task") { Description = "imdb, agnews, ptb-char or ptb-word (with --run: read from the run)" };
        var model = new Option<string>("--model") { Description = "original, w, wn or wgn (with --run: read from the run)", DefaultValueFactory = _ => "wgn" };
        var profile = CommonOptions.Profile("The config profile of a new model");
        var run = new Option<string?>("--run") { Description = "Profile this run folder's checkpoint (cut to its live structure) instead of a new model" };
        var cutUnused = new Option<bool>("--cut-unused") { Description = "With --run: first cut every neuron, gate row and word eval does not use now (the cost once compaction caught up)" };
        var batches = new Option<int>("--batches") { Description = "Timed training batches", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed training batches first", DefaultValueFactory = _ => 3 };
        var dataDir = CommonOptions.DataDir();
        var csv = CommonOptions.Csv();
        var command = new Command("epoch-profile",
            "Where a training epoch's time goes: data, forward (embedding, LSTM sampling and recurrence, output layer), KL, backward, Adam, evaluation.")
            { task, model, profile, run, cutUnused, batches, warmup, dataDir, csv };
        command.SetAction(parse =>
        {
            if (parse.GetValue(batches) < 1 || parse.GetValue(warmup) < 0) throw new ArgumentException("--batches must be at least 1 and --warmup at least 0");
            var folder = parse.GetValue(run);
            if (parse.GetValue(cutUnused) && folder is null) throw new ArgumentException("--cut-unused needs --run (a new model uses all its structure)");
            var trained = folder is null ? null : TrainedRun.Open(folder);
            var kind = trained?.Kind ?? BayesSparse.Models.ModelKindExtensions.ParseModelKind(parse.GetValue(model)!);
            var config = trained?.Config ?? RunOptions.Config(parse.GetValue(task) ?? throw new ArgumentException("pass --task or --run"),
                parse.GetValue(profile)!, null, null);
            var (data, _) = RunOptions.Data(parse.GetValue(dataDir), allowSlices: false);
            var rows = EpochProfileBenchmark.Run(config, kind, data, folder, parse.GetValue(batches), parse.GetValue(warmup), TorchSharp.torch.CPU,
                parse.GetValue(cutUnused));
            var table = new Table().AddColumns("section", "ms", "per", "share of a batch");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Section), r.Ms.ToString("F1", CultureInfo.InvariantCulture), r.Per,
                    r.ShareOfBatch is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "");
            AnsiConsole.MarkupLine($"{Markup.Escape(config.Task)}/{Markup.Escape(kind.ToString())} from {Markup.Escape(rows[0].Source)} (epoch {rows[0].Epoch}), {rows[0].Parameters:N0} parameter elements; in the tensors: {Markup.Escape(rows[0].Groups)}");
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }

    /// <summary><c>bench cut-memory</c>: whether memory follows a model cut down while it trains.</summary>
    private static Command CutMemory()
    {
        var task = new Option<string>("--task") { Description = "imdb, agnews, ptb-char or ptb-word", DefaultValueFactory = _ => "ptb-word" };
        var model = new Option<string>("--model") { Description = "w, wn or wgn", DefaultValueFactory = _ => "wgn" };
        model.AcceptOnlyFromAmong("w", "wn", "wgn");
        var profile = CommonOptions.Profile("The config profile");
        var group = new Option<string>("--group") { Description = "The group to cut (lstm.hidden, lstm.gates, lstm.input, embedding.vocabulary)", DefaultValueFactory = _ => "lstm.hidden" };
        var cut = new Option<int>("--cut") { Description = "Entries cut after each round", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of training and cutting", DefaultValueFactory = _ => 6 };
        var batches = new Option<int>("--batches") { Description = "Training batches per round", DefaultValueFactory = _ => 24 };
        var dataDir = CommonOptions.DataDir();
        var csv = CommonOptions.Csv();
        var command = new Command("cut-memory",
            "Train a new model some batches, cut a group by a few entries, again and again: resident size and C heap (in use, kept free) after each.")
            { task, model, profile, group, cut, rounds, batches, dataDir, csv };
        command.SetAction(parse =>
        {
            if (new[] { cut, rounds, batches }.Any(o => parse.GetValue(o) < 1)) throw new ArgumentException("--cut, --rounds and --batches must be at least 1");
            var kind = BayesSparse.Models.ModelKindExtensions.ParseModelKind(parse.GetValue(model)!);
            var config = RunOptions.Config(parse.GetValue(task)!, parse.GetValue(profile)!, null, null);
            var (data, _) = RunOptions.Data(parse.GetValue(dataDir), allowSlices: false);
            var table = new Table().AddColumns("round", "stage", "live", "parameters", "resident MB", "heap in use MB", "heap free MB");
            var rows = CutMemoryBenchmark.Run(config, kind, data, parse.GetValue(group)!, parse.GetValue(cut), parse.GetValue(rounds), parse.GetValue(batches),
                TorchSharp.torch.CPU);
            foreach (var r in rows)
                table.AddRow(r.Round.ToString(CultureInfo.InvariantCulture), r.Stage, r.Live.ToString(CultureInfo.InvariantCulture),
                    r.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(r.ResidentMb), r.HeapInUseMb is { } used ? F(used) : "", r.HeapFreeMb is { } free ? F(free) : "");
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The paper's task whose shapes a compressed model has: a classifier of 2 classes is IMDb's and of 4 AGNews'; a
    /// language model of up to 256 symbols PTB char's, of more PTB word's.
    /// </summary>
    private static string TaskOf(CompressedModel model, string file) => model switch
    {
        CompressedTextClassifier { Classes.Count: 2 } => "imdb",
        CompressedTextClassifier { Classes.Count: 4 } => "agnews",
        CompressedLanguageModel { Vocabulary: <= 256 } => "ptb-char",
        CompressedLanguageModel => "ptb-word",
        _ => throw new ArgumentException($"{file}: a model of none of the paper's tasks; pass --task for the dense models' shapes"),
    };

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>Compresses a trained run of the task (any task when null).</summary>
    private static (ExperimentConfig, CompressedModel, string) FromRun(string runDir, string? task)
    {
        var trained = TrainedRun.Open(runDir);
        if (task is not null && trained.Config.Task != task) throw new ArgumentException($"{runDir} holds a {trained.Config.Task} run, not {task}");
        return (trained.Config, RunCompression.Compress(trained), runDir);
    }

    /// <summary>
    /// A compressed model file alone, timed against dense models of the profile's shapes for the task; without a task,
    /// the paper's task the file's model fits (<see cref="TaskOf"/>).
    /// </summary>
    private static (ExperimentConfig, CompressedModel, string) FromModelFile(string file, string? task, string profile)
    {
        var compressed = CompressedModel.Load(file);
        task ??= TaskOf(compressed, file);
        var config = ExperimentConfig.Load(ConfigLocator.Find(task, profile));
        bool classifier = config.IsClassification;
        if (classifier != compressed is CompressedTextClassifier)
            throw new ArgumentException($"{file} holds a {(classifier ? "language model" : "text classifier")}, not a {task} model");
        if (compressed.Hidden > config.Model.HiddenSize)
            throw new ArgumentException($"{file} keeps {compressed.Hidden} hidden neurons, more than the {profile} profile's {config.Model.HiddenSize}: pass another --profile");
        if (compressed is CompressedTextClassifier text) config = config with { Data = config.Data with { Steps = text.Steps } };
        return (config, compressed, file);
    }
}
