using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench inference</c>: the compressed model against dense models on TorchSharp and ONNX Runtime.</summary>
internal static class InferenceBench
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var inferenceTask = new Option<string?>("--task") { Description = "imdb, agnews, ptb-char or ptb-word (with --model: read from the file when left out)" };
        var run = new Option<string?>("--run") { Description = "The trained run folder to compress (default: experiments/results/cpu/TASK/wgn)" };
        var modelFile = new Option<string?>("--model") { Description = "Time this compressed model file instead of compressing a run (e.g. models/imdb-wgn.bsm)" };
        var profile = CommonOptions.Profile("With --model: the profile whose shapes the dense models get");
        var inferenceCsv = CommonOptions.Csv();
        var command = new Command("inference",
            "Dense original and neurons removed (TorchSharp fused LSTM, ONNX Runtime) vs the compressed model (ONNX Runtime, plain .NET), batch 1 and 64.")
            { inferenceTask, run, modelFile, profile, inferenceCsv };
        command.SetAction(parse =>
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
            var table = new Table().AddColumns("engine", "batch", "steps / call", "ms / step", "tokens / s", "speed-up", "over smaller dense", "ideal FLOP ratio",
                "MACs / token", "% of peak");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Engine), r.Batch.ToString(CultureInfo.InvariantCulture), r.StepsPerCall.ToString(CultureInfo.InvariantCulture),
                    r.MsPerToken.ToString("F4", CultureInfo.InvariantCulture), BenchCommand.F(r.TokensPerSecond),
                    r.SpeedUp.ToString("F2", CultureInfo.InvariantCulture), r.SpeedUpOverSmallerDense.ToString("F2", CultureInfo.InvariantCulture),
                    r.IdealFlopRatio.ToString("F1", CultureInfo.InvariantCulture),
                    r.MultiplyAddsPerToken.ToString("N0", CultureInfo.InvariantCulture), (100 * r.FractionOfPeak).ToString("F2", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (parse.GetValue(inferenceCsv) is { } path) CsvFiles.Write(path, rows);
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


    /// <summary>Compresses a trained run of the task (any task when null).</summary>
    private static (ExperimentConfig, CompressedModel, string) FromRun(string runDir, string? task)
    {
        var trained = TrainedRun.Open(runDir);
        if (task is not null && trained.Config.Task != task) throw new ArgumentException($"{runDir} holds a run of {trained.Config.Task}, not {task}");
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
