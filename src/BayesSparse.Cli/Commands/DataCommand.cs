using System.CommandLine;
using BayesSparse.Data;
using BayesSparse.Data.Download;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary>
/// <c>bayes-sparse data download</c>: fetch the public originals into a data folder; <c>data verify</c>: what is in
/// a data folder, what is missing, what fails its checksum (exit code 2 for a mismatch, and for a missing file of the data
/// sets named by <c>--tasks</c>).
/// </summary>
public static class DataCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var sets = DataSetsOption("Data sets that must be there, complete: ptb (ptb-word, ptb-char), imdb, agnews; when omitted, all are listed and only a checksum mismatch fails");
        var verify = new Command("verify", "Check a data folder against the published checksums (cached by size and time).") { dataDir, sets };
        verify.SetAction(parse =>
        {
            var chosen = DataCatalog.Known(parse.GetValue(sets) ?? []);
            var data = DataDirectory.Resolve(parse.GetValue(dataDir));
            if (!data.Exists) throw new DataException(data.Path, $"does not exist (chosen by {data.Source})",
                $"Pass --data-dir, set BAYESSPARSE_DATA, or fill it with '{DownloadCommandLine}'");
            var entries = DataVerifier.Verify(data, [.. chosen]);
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
            if (DataVerifier.FirstFailure(data, entries, missingFails: chosen.Count > 0) is { } failure) throw failure;
            return 0;
        });
        return new Command("data", "Data sets: download and verification.") { Download(), verify };
    }

    /// <summary>The command that fetches every data set into ./data, for messages.</summary>
    public const string DownloadCommandLine = "bayes-sparse data download --data-dir data";

    private static Command Download()
    {
        var dataDir = CommonOptions.DataDir();
        var sets = DataSetsOption("Data sets to fetch: ptb (ptb-word, ptb-char), imdb, agnews; all when omitted");
        var mirror = new Option<string?>("--mirror") { Description = "Fetch the same file names from this base URL instead of the original hosts" };
        var cache = new Option<string?>("--download-cache")
        {
            Description = $"Where downloads wait to be installed or continued (default: {Downloader.DefaultCacheFolder})",
        };
        var command = new Command("download",
            "Fetch the public originals (PTB simple-examples, aclImdb, AG News csv), continue partial downloads, check checksums, install into the data folder.")
            { dataDir, sets, mirror, cache };
        command.SetAction(parse =>
        {
            var data = DataDirectory.Resolve(parse.GetValue(dataDir));
            var chosen = DataCatalog.Known(parse.GetValue(sets) ?? []);
            var sources = DataCatalog.Originals(chosen, parse.GetValue(mirror) is { } url ? MirrorUrl(url) : null);
            var pending = sources.Where(s => !DataInstaller.IsInstalled(data, s)).ToList();
            foreach (var done in sources.Except(pending)) AnsiConsole.MarkupLine($"{done.DataSet}: {Markup.Escape(done.FileName)} already installed");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
            var downloader = new Downloader(http, parse.GetValue(cache) ?? Downloader.DefaultCacheFolder);
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    foreach (var source in pending)
                    {
                        var task = context.AddTask($"{source.DataSet}: {source.FileName}", maxValue: 1);
                        var progress = new DownloadProgress(p =>
                        {
                            task.MaxValue = p.Total ?? Math.Max(p.Done, 1);
                            task.Value = p.Done;
                        });
                        var fetched = downloader.FetchAsync(source, progress).GetAwaiter().GetResult();
                        DataInstaller.Install(data, source, fetched);
                        File.Delete(fetched); // installed: only partial downloads are kept
                        task.Value = task.MaxValue;
                    }
                });
            AnsiConsole.MarkupLine($"{pending.Count} download(s) installed in {Markup.Escape(data.Path)}; 'bayes-sparse data verify' lists what is there.");
            return 0;
        });
        return command;
    }

    private static Option<string[]> DataSetsOption(string description) =>
        new("--tasks") { Description = description, AllowMultipleArgumentsPerToken = true };

    private static Uri MirrorUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
            : throw new ArgumentException($"--mirror '{url}' is not an http(s) URL");

    /// <summary>Reports on the downloading thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class DownloadProgress(Action<(long Done, long? Total)> report) : IProgress<(long Done, long? Total)>
    {
        public void Report((long Done, long? Total) value) => report(value);
    }
}
