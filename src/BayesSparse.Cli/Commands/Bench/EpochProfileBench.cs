using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Experiments;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench epoch-profile</c>: where a training epoch's time goes, for a new model or a run's checkpoint.</summary>
internal static class EpochProfileBench
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var task = new Option<string?>("--task") { Description = "imdb, agnews, ptb-char or ptb-word (with --run: read from the run)" };
        var model = new Option<string>("--model") { Description = "original, w, wn or wgn (with --run: read from the run)", DefaultValueFactory = _ => "wgn" };
        var profile = CommonOptions.Profile("The config profile of a new model");
        var run = new Option<string?>("--run") { Description = "Profile this run folder's checkpoint (cut to its live structure) instead of a new model" };
        var cutUnused = new Option<bool>("--cut-unused") { Description = "With --run: first cut every neuron, gate row and word eval does not use now (the cost once compaction caught up)" };
        var batches = new Option<int>("--batches") { Description = "Timed training batches", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed training batches first", DefaultValueFactory = _ => 3 };
        var dataDir = CommonOptions.DataDir();
        var device = CommonOptions.Device();
        var csv = CommonOptions.Csv();
        var command = new Command("epoch-profile",
            "Where a training epoch's time goes: data, forward (embedding, LSTM sampling and recurrence, output layer), KL, backward, Adam, evaluation.")
            { task, model, profile, run, cutUnused, batches, warmup, dataDir, device, csv };
        command.SetAction(parse =>
        {
            if (parse.GetValue(batches) < 1 || parse.GetValue(warmup) < 0) throw new ArgumentException("--batches must be at least 1 and --warmup at least 0");
            var folder = parse.GetValue(run);
            if (parse.GetValue(cutUnused) && folder is null) throw new ArgumentException("--cut-unused needs --run (a new model uses all its structure)");
            var trained = folder is null ? null : TrainedRun.Open(folder);
            var kind = trained?.Kind ?? BayesSparse.Models.ModelKindExtensions.ParseModelKind(parse.GetValue(model)!);
            var config = trained?.Config ?? RunOptions.Config(parse.GetValue(task) ?? throw new ArgumentException("pass --task or --run"),
                parse.GetValue(profile)!, null, null);
            var on = BayesSparse.Platform.DeviceSelector.Resolve(parse.GetValue(device)!);
            var (data, _) = RunOptions.Data(parse.GetValue(dataDir), allowSlices: false);
            var rows = EpochProfileBenchmark.Run(config, kind, data, folder, parse.GetValue(batches), parse.GetValue(warmup), on,
                parse.GetValue(cutUnused));
            var table = new Table().AddColumns("section", "ms", "per", "share of a batch");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Section), r.Ms.ToString("F1", CultureInfo.InvariantCulture), r.Per,
                    r.ShareOfBatch is { } share ? share.ToString("P1", CultureInfo.InvariantCulture) : "");
            AnsiConsole.MarkupLine($"{Markup.Escape(config.Task)}/{Markup.Escape(kind.ToString())} from {Markup.Escape(rows[0].Source)} (epoch {rows[0].Epoch}) on {Markup.Escape(rows[0].Device)}, {rows[0].Parameters:N0} parameter elements; in the tensors: {Markup.Escape(rows[0].Groups)}");
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }
}
