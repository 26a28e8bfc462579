using System.CommandLine;
using System.Globalization;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary>
/// <c>bayes-sparse compare</c>: two sets of runs (seeds of two variants) as distributions at equal epochs, or runs beside
/// the authors' own log (<c>--authors TASK/MODEL</c>).
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Option<string[]>("--runs") { Description = "Run folders of the first set (two or more; one or more with --authors)", Required = true, AllowMultipleArgumentsPerToken = true };
        var against = new Option<string[]>("--against") { Description = "Run folders of the set to compare with (two or more)", AllowMultipleArgumentsPerToken = true };
        var authors = new Option<string?>("--authors") { Description = "Instead of --against: the authors' log of this task/model (ptb-word/wgn), from experiments/anchor-curves" };
        var epochs = new Option<int[]>("--epochs") { Description = "Epochs to compare at", Required = true, AllowMultipleArgumentsPerToken = true };
        var csv = CommonOptions.Csv();
        var figure = CommonOptions.OutputFile("--figure", "With --authors: also draw the runs' curves over the authors' (validation quality and compression by epoch) to this PNG", ".png");
        var equalCompression = new Option<bool>("--equal-compression")
        {
            Description = "With --authors: set each epoch beside the authors' first logged epoch whose compression has reached the run's, not beside the same epoch",
        };
        var fromEpoch = new Option<int?>("--from-epoch")
        {
            Description = "With --equal-compression: the authors' epochs from this one on, where their compression curve has turned the way it then goes (default 10)",
        };
        var command = new Command("compare",
            "Compare two sets of runs at equal epochs: means, ranges and Welch's t-test of validation quality and compression; or runs with the authors' log.")
            { runs, against, authors, epochs, csv, figure, equalCompression, fromEpoch };
        command.SetAction(parse =>
        {
            if (parse.GetValue(epochs)!.Any(e => e < 1)) throw new ArgumentException($"--epochs must be at least 1, got {parse.GetValue(epochs)!.Min()}");
            if (parse.GetValue(fromEpoch) is not null && !parse.GetValue(equalCompression)) throw new ArgumentException("--from-epoch goes with --equal-compression");
            if (parse.GetValue(authors) is { } taskModel)
            {
                if (parse.GetValue(against) is { Length: > 0 }) throw new ArgumentException("pass --against or --authors, not both");
                return WithAuthors(parse.GetValue(runs)!, taskModel, parse.GetValue(epochs)!, parse.GetValue(csv), parse.GetValue(figure),
                    parse.GetValue(equalCompression) ? parse.GetValue(fromEpoch) ?? 10 : null);
            }
            if (parse.GetValue(equalCompression)) throw new ArgumentException("--equal-compression finds the authors' epoch at a run's compression: pass it with --authors");
            if (parse.GetValue(against) is not { Length: > 0 }) throw new ArgumentException("pass --against RUN... or --authors TASK/MODEL");
            if (parse.GetValue(figure) is not null) throw new ArgumentException("--figure draws runs over the authors' log: pass it with --authors");
            var rows = SeedComparison.Compare(parse.GetValue(runs)!, parse.GetValue(against)!, parse.GetValue(epochs)!);
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

    /// <summary>A number as the tables print it: five significant digits.</summary>
    private static string F(double x) => x.ToString("G5", CultureInfo.InvariantCulture);

    private static int WithAuthors(string[] runs, string taskModel, int[] epochs, string? csv, string? figure, int? equalCompressionFrom)
    {
        var parts = taskModel.Split('/');
        if (parts.Length != 2) throw new ArgumentException($"--authors: '{taskModel}' is not TASK/MODEL like ptb-word/wgn");
        var curves = Experiments.AuthorsCurves.Find();
        var rows = AuthorsComparison.Compare(runs, parts[0], parts[1], epochs, curves, equalCompressionFrom);
        foreach (var folder in runs)
        {
            var run = rows.Where(r => r.Run == folder).ToList();
            string at = equalCompressionFrom is { } firstEpoch ? $" at equal compression (their epochs from {firstEpoch} on)" : "";
            AnsiConsole.MarkupLine($"{Markup.Escape(folder)} beside the authors' {Markup.Escape(taskModel)} log{at}:");
            var table = new Table().AddColumns("epoch", "ours: valid @compression, hidden, gates", "authors (their epoch)", "valid: ours - theirs",
                "test: ours, theirs", "compression: ours / theirs");
            foreach (var r in run)
                table.AddRow($"{r.Epoch}", Markup.Escape($"{F(r.Valid)} @{F(r.Compression)}x, {r.Hidden}, {r.Gates}"),
                    Markup.Escape($"{F(r.AuthorsValid)} @{F(r.AuthorsCompression)}x, {r.AuthorsHidden}, {r.AuthorsGates} ({r.AuthorsEpoch})"),
                    F(r.ValidDifference), r.Test is { } test ? $"{F(test)}, {F(r.AuthorsTest)}" : $"-, {F(r.AuthorsTest)}", F(r.CompressionRatio));
            if (run.Count > 0) AnsiConsole.Write(table);
            foreach (var epoch in epochs.Except(run.Select(r => r.Epoch)))
                AnsiConsole.MarkupLine($"epoch {epoch}: the authors' compression never reaches this run's");
        }
        if (csv is not null) CsvFiles.Write(csv, rows);
        if (figure is not null)
        {
            AuthorsCurveFigure.Save(runs, parts[0], parts[1], curves, figure);
            AnsiConsole.MarkupLine($"Figure: {Markup.Escape(figure)}");
        }
        return 0;
    }
}
