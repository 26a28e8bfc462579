using System.CommandLine;
using System.Globalization;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse compare</c>: two sets of runs (seeds of two variants) as distributions at equal epochs.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Option<string[]>("--runs") { Description = "Run folders of the first set (two or more)", Required = true, AllowMultipleArgumentsPerToken = true };
        var against = new Option<string[]>("--against") { Description = "Run folders of the set to compare with (two or more)", Required = true, AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int[]>("--epochs") { Description = "Epochs to compare at", Required = true, AllowMultipleArgumentsPerToken = true };
        var csv = new Option<string?>("--csv") { Description = "Write the rows to this CSV file" };
        var command = new Command("compare",
            "Compare two sets of runs at equal epochs: means, ranges and Welch's t-test of validation quality and compression.")
            { runs, against, epochs, csv };
        command.SetAction(parse =>
        {
            var rows = SeedComparison.Compare(parse.GetValue(runs)!, parse.GetValue(against)!, parse.GetValue(epochs)!);
            static string F(double x) => x.ToString("G5", CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("epoch", "metric", "runs: mean [[min, max]]", "against: mean [[min, max]]", "mean inside", "Welch t", "p");
            foreach (var r in rows)
                table.AddRow(r.Epoch.ToString(CultureInfo.InvariantCulture), r.Metric, Markup.Escape($"{F(r.MeanA)} [{F(r.MinA)}, {F(r.MaxA)}] (n={r.CountA})"),
                    Markup.Escape($"{F(r.MeanB)} [{F(r.MinB)}, {F(r.MaxB)}] (n={r.CountB})"), r.MeanAInsideRangeB ? "yes" : "no", F(r.WelchT), F(r.PValue));
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }
}
