using System.CommandLine;
using System.Globalization;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Analyze;

/// <summary><c>analyze comebacks RUN [--max-k K] [--csv F]</c>: what <c>training.compact_after</c> = K would cut and lose.</summary>
internal static class ComebacksAnalysis
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var run = AnalyzeCommand.RunFolder("A run that counted unused structure without cutting it (training.compact_after above its epochs)");
        var maxK = new Option<int>("--max-k") { Description = "The largest K to read", DefaultValueFactory = _ => 8 };
        var csv = CommonOptions.Csv();
        var command = new Command("comebacks",
            "Per group and K: the unused streaks that reached K epochs (what training.compact_after K cuts) and how many later came back (what it would lose).")
            { run, maxK, csv };
        command.SetAction(parse =>
        {
            if (parse.GetValue(maxK) < 1) throw new ArgumentException("--max-k must be at least 1");
            var folder = AnalyzeCommand.Folder(parse, run);
            var log = Comebacks.Read(folder);
            var rows = Comebacks.Count(log, parse.GetValue(maxK));
            Console.WriteLine($"{folder}: {log.Max(r => r.Epoch)} epochs");
            if (log.Any(r => r.Cut > 0))
                Console.WriteLine("this run cut structure while it trained: a cut entry cannot come back, so from the run's own K on the counts read low");
            var table = new Table().AddColumns("group", "K", "reached K", "came back", "share lost");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Group), $"{r.K}", $"{r.StreaksReachingK:N0}", $"{r.CameBackAfterKOrMore:N0}",
                    r.ShareLost?.ToString("P1", CultureInfo.InvariantCulture) ?? "");
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }
}
