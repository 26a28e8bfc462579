using System.CommandLine;
using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>status RUNS... [--csv F]</c>: where each run folder below the given folders stands, and how long it has left.</summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Run folders, or folders with runs below them", Arity = ArgumentArity.OneOrMore };
        var csv = CommonOptions.Csv();
        var command = new Command("status",
            "Where each run stands: epochs done of the epochs it trains to, finished / training / stopped, its last validation and compression, time an epoch and hours left.")
            { folders, csv };
        command.SetAction(parse =>
        {
            var roots = parse.GetValue(folders)!;
            CommonOptions.RequireFolders(roots, "Pass run folders written by 'bayes-sparse train', or folders that hold them");
            var byRoot = roots.Select(root => (Root: root, Runs: RunStatus.Find(root))).ToList();
            if (byRoot.All(r => r.Runs.Count == 0))
                throw new BayesSparse.Data.DataException(string.Join(", ", roots), "no run folder (config.json and epochs.csv) at or below it", "Pass the --out of 'train' or 'reproduce'");
            foreach (var (root, runs) in byRoot.Where(r => r.Runs.Count > 0))
            {
                var table = new Table { Title = new TableTitle(Markup.Escape(root)) }
                    .AddColumns("run", "task/model", "epochs", "state", "valid", "compression", "s / epoch", "hours left");
                foreach (var r in runs)
                    table.AddRow(Markup.Escape(Path.GetRelativePath(root, r.Run)), Markup.Escape(r.Model.Length > 0 ? $"{r.Task}/{r.Model}" : r.Task),
                        $"{r.Epochs} / {r.TargetEpochs}", r.State, F(r.Valid, "G5"), r.Compression is { } c ? F(c, "0.#") + "x" : "",
                        F(r.SecondsPerEpoch, "0.#"), F(r.HoursLeft, "0.00"));
                AnsiConsole.Write(table);
            }
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, byRoot.SelectMany(r => r.Runs).ToList());
            return 0;
        });
        return command;
    }

    private static string F(double? x, string format) => x?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
