using System.CommandLine;
using System.Globalization;
using BayesSparse.Benchmarks;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bench cut-memory</c>: whether memory follows a model cut down while it trains.</summary>
internal static class CutMemoryBench
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "imdb, agnews, ptb-char or ptb-word", DefaultValueFactory = _ => "ptb-word" };
        var model = new Option<string>("--model") { Description = "w, wn or wgn", DefaultValueFactory = _ => "wgn" };
        model.AcceptOnlyFromAmong("w", "wn", "wgn");
        var profile = CommonOptions.Profile("The config profile");
        var group = new Option<string>("--group") { Description = "The group to cut (lstm.hidden, lstm.gates, lstm.input, embedding.vocabulary)", DefaultValueFactory = _ => "lstm.hidden" };
        var cut = new Option<int>("--cut") { Description = "Entries cut after each round", DefaultValueFactory = _ => 8 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of training and cutting", DefaultValueFactory = _ => 6 };
        var batches = new Option<int>("--batches") { Description = "Training batches per round", DefaultValueFactory = _ => 24 };
        var dataDir = CommonOptions.DataDir();
        var csv = CommonOptions.Csv();
        var command = new Command("cut-memory",
            "Train a new model some batches, cut a group by a few entries, again and again: resident size and C heap (in use, kept free) after each.")
            { task, model, profile, group, cut, rounds, batches, dataDir, csv };
        command.SetAction(parse =>
        {
            if (new[] { cut, rounds, batches }.Any(o => parse.GetValue(o) < 1)) throw new ArgumentException("--cut, --rounds and --batches must be at least 1");
            var kind = BayesSparse.Models.ModelKindExtensions.ParseModelKind(parse.GetValue(model)!);
            var config = RunOptions.Config(parse.GetValue(task)!, parse.GetValue(profile)!, null, null);
            var (data, _) = RunOptions.Data(parse.GetValue(dataDir), allowSlices: false);
            var table = new Table().AddColumns("round", "stage", "live", "parameters", "resident MB", "heap in use MB", "heap free MB");
            var rows = CutMemoryBenchmark.Run(config, kind, data, parse.GetValue(group)!, parse.GetValue(cut), parse.GetValue(rounds), parse.GetValue(batches),
                TorchSharp.torch.CPU);
            foreach (var r in rows)
                table.AddRow(r.Round.ToString(CultureInfo.InvariantCulture), r.Stage, r.Live.ToString(CultureInfo.InvariantCulture),
                    r.Parameters.ToString("N0", CultureInfo.InvariantCulture), BenchCommand.F(r.ResidentMb), r.HeapInUseMb is { } used ? BenchCommand.F(used) : "", r.HeapFreeMb is { } free ? BenchCommand.F(free) : "");
            AnsiConsole.Write(table);
            if (parse.GetValue(csv) is { } path) CsvFiles.Write(path, rows);
            return 0;
        });
        return command;
    }
}
