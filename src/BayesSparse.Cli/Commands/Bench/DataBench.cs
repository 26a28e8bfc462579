using System.CommandLine;
using BayesSparse.Benchmarks;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench data</c>: reading and tokenising the IMDb train split.</summary>
internal static class DataBench
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var dataCsv = CommonOptions.Csv();
        var command = new Command("data", "Time reading and tokenising the IMDb train split.") { dataDir, dataCsv };
        command.SetAction(parse =>
        {
            var timing = DataLoadingBenchmark.Run(BayesSparse.Data.DataDirectory.Resolve(parse.GetValue(dataDir)));
            AnsiConsole.MarkupLine($"{timing.What}: {timing.Rows:N0} reviews, {timing.Tokens:N0} tokens in [bold]{timing.Seconds:F2} s[/]");
            if (parse.GetValue(dataCsv) is { } path) CsvFiles.Write(path, [timing]);
            return 0;
        });
        return command;
    }
}
