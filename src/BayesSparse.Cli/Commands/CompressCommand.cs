using System.CommandLine;
using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Onnx;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>compress</c>: ship a trained model without libtorch (<see cref="PredictCommand"/> runs it).</summary>
public static class CompressCommand
{
    /// <summary>Builds <c>compress RUN_DIR|MODEL.bsm --out MODEL(.bsm|.onnx) [--data-dir D]</c>.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train', or a compressed model file to convert" };
        var output = CommonOptions.OutputFile("--out", "The compressed model file: BayesSparse's own format (.bsm) or ONNX (.onnx)",
            ".bsm", ".onnx");
        output.Required = true;
        var dataDir = CommonOptions.DataDir();
        dataDir.Description = "Also measure the compressed model's test quality on this data folder (plain .NET)";
        var command = new Command("compress", "Drop removed neurons and vocabulary, fold z, precompute constant gates; store each matrix dense or CSR.")
            { runDir, output, dataDir };
        command.SetAction(parse =>
        {
            var (source, path) = (parse.GetValue(runDir)!, parse.GetValue(output)!);
            var run = File.Exists(source) ? null : TrainedRun.Open(source);
            if (run is null && parse.GetValue(dataDir) is not null) throw new ArgumentException("--data-dir measures a run's test quality: pass the run folder, not a model file");
            var model = run is null ? CompressedModel.Load(source) : RunCompression.Compress(run);
            // Measured before the file is written: a data folder without the task's files leaves no model behind.
            double? quality = run is not null && parse.GetValue(dataDir) is { } data
                ? RunCompression.TestQuality(model, run.Config, BayesSparse.Data.DataDirectory.Resolve(data))
                : null;
            if (IsOnnx(path)) OnnxExport.Save(model, path);
            else model.Save(path);
            AnsiConsole.MarkupLine($"{model.Hidden} hidden neurons, {model.LiveGates} non-constant gates; {Markup.Escape(model.Layout)} -> " +
                $"{Markup.Escape(path)} ({new FileInfo(path).Length / 1e6:F1} MB)");
            if (quality is { } q)
            {
                var metrics = Path.Combine(run!.Folder, "metrics.json");
                AnsiConsole.MarkupLine($"test quality of the compressed model: [bold]{q.ToString("F3", CultureInfo.InvariantCulture)}[/]" +
                    (File.Exists(metrics) ? $" (the run's metrics.json: {RunMetrics.Load(metrics).Test.ToString("F3", CultureInfo.InvariantCulture)})" : ""));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Whether <paramref name="path"/> names an ONNX file (by its ending), which ONNX Runtime runs.</summary>
    internal static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
