using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench recurrence</c>: one LSTM recurrence, forward and backward, on each training backend by width.</summary>
internal static class RecurrenceBench
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
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
}
