using System.CommandLine;
using BayesSparse.Data;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse data verify</c>: what is in a data folder, what is missing, what fails its checksum.</summary>
public static class DataCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var verify = new Command("verify", "Check a data folder against the published checksums (cached by size and time).") { dataDir };
        verify.SetAction(parse =>
        {
            var data = DataDirectory.Resolve(parse.GetValue(dataDir));
            if (!data.Exists) throw new DataException(data.Path, $"does not exist (chosen by {data.Source})",
                "Pass --data-dir, set BAYESSPARSE_DATA, or fill ./data with data-scripts/download.sh");
            var entries = DataVerifier.Verify(data);
            var table = new Table().Title($"Data in {Markup.Escape(data.Path)} ({Markup.Escape(data.Source)})")
                .AddColumns("data set", "file", "status", "detail");
            foreach (var e in entries)
            {
                var status = e.Status switch
                {
                    DataVerifier.Status.Ok => "[green]ok[/]",
                    DataVerifier.Status.Present => "[green]present[/]",
                    DataVerifier.Status.Missing => "[yellow]missing[/]",
                    _ => "[red]checksum mismatch[/]",
                };
                table.AddRow(e.DataSet, Markup.Escape(e.Path is null ? e.File : Path.GetRelativePath(data.Path, e.Path)), status, Markup.Escape(e.Detail));
            }
            AnsiConsole.Write(table);
            return entries.Any(e => e.Status == DataVerifier.Status.ChecksumMismatch) ? CommandRunner.UsageError : 0;
        });
        return new Command("data", "Data sets: verification.") { verify };
    }
}
