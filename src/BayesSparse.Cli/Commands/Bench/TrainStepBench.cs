using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench train-step</c>: forward + backward + Adam of each model and noise mode on the paper's shapes.</summary>
internal static class TrainStepBench
{
    /// <summary>Builds the command.</summary>
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
        var device = CommonOptions.Device();
        var command = new Command("train-step",
            "Time forward + backward + Adam for Original, W, W+N, W+G+N in both noise modes on the paper's shapes.")
            { task, steps, models, modes, batch, stepDataDir, device, csv };
        command.SetAction(parse =>
        {
            var taskName = parse.GetValue(task)!;
            PaperShapes.For(taskName); // validates the name before any work
            if (parse.GetValue(steps) < 1) throw new ArgumentException("--steps must be at least 1");
            var on = BayesSparse.Platform.DeviceSelector.Resolve(parse.GetValue(device)!);
            var table = new Table().AddColumns("task", "model", "mode", "ms median", "ms min", "x original", "live tensors +");
            var (chosenModels, chosenModes) = (parse.GetValue(models)!, parse.GetValue(modes)!);
            var data = parse.GetValue(batch) == "data" ? BayesSparse.Data.DataDirectory.Resolve(parse.GetValue(stepDataDir)) : null;
            var rows = TrainStepBenchmark.Run(taskName, parse.GetValue(steps), onRow: row =>
                AnsiConsole.MarkupLine($"  {row.Model,-8} {row.Mode,-8} {row.MsMedian,8:F1} ms  ({row.RatioToOriginal:F2}x)"),
                include: (model, mode) => chosenModels.Contains(model) && chosenModes.Contains(mode), data: data, device: on);
            foreach (var r in rows)
                table.AddRow(r.Task, r.Model, r.Mode, BenchCommand.F(r.MsMedian), BenchCommand.F(r.MsMin), r.RatioToOriginal.ToString("F2", CultureInfo.InvariantCulture), r.LiveTensorDelta.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }
}
