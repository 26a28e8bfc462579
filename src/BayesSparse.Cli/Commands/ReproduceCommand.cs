using System.CommandLine;
using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Platform;
using BayesSparse.Reporting;
using BayesSparse.Scheduling;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse reproduce</c>: the Table 1 grid, skipping finished runs, then table1.csv / table1.md.</summary>
public static class ReproduceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var tasks = new Option<string[]>("--tasks") { Description = "Tasks (default: all four)", AllowMultipleArgumentsPerToken = true };
        var models = new Option<string[]>("--models") { Description = "Models (default: original w wn wgn)", AllowMultipleArgumentsPerToken = true };
        var profile = CommonOptions.Profile();
        var epochs = CommonOptions.Epochs("Override every config's epochs");
        var device = CommonOptions.Device();
        var output = new Option<string>("--out") { Description = "Results root", DefaultValueFactory = _ => Path.Combine("experiments", "results") };
        var plan = new Option<bool>("--plan") { Description = "Print one self-contained command per run (for a scheduler) and exit" };
        var seeds = new Option<string[]>("--seeds")
        {
            Description = "Run the grid once per seed (1-5, or 1 3 7): each run in MODEL-seedN; default: each config's own seed, in MODEL",
            AllowMultipleArgumentsPerToken = true,
        };
        var slurm = CommonOptions.OutputFile("--slurm", "With --plan: write the grid as a Slurm sbatch array script to this file instead of printing it");
        var partition = new Option<string?>("--partition") { Description = "With --slurm: the Slurm partition" };
        var time = new Option<string?>("--time") { Description = "With --slurm: each task's time limit (Slurm's --time, for example 12:00:00)" };
        var account = new Option<string?>("--account") { Description = "With --slurm: the Slurm account" };
        var sbatch = new Option<string[]>("--sbatch") { Description = "With --slurm: more #SBATCH options, each one argument (for example --sbatch=--mem=8G)", AllowMultipleArgumentsPerToken = false };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "With --slurm: cores per task (default: 1 for smoke, 2 for cpu, 4 for paper)" };
        var collect = new Option<string[]>("--collect") { Description = "Only merge finished runs from these folders into the table", AllowMultipleArgumentsPerToken = true };
        var dataDir = CommonOptions.DataDir();
        var standIn = CommonOptions.AgNewsStandIn();
        var noCompaction = CommonOptions.NoCompaction();
        var command = new Command("reproduce", "Run the Table 1 grid (skipping finished runs) and write table1.csv and table1.md.")
            { tasks, models, profile, epochs, device, output, plan, seeds, slurm, partition, time, account, sbatch, cpus, collect, dataDir, standIn,
              noCompaction };
        command.SetAction(parse =>
        {
            string profileName = parse.GetValue(profile)!;
            var taskNames = parse.GetValue(tasks) is { Length: > 0 } t ? t : BayesSparse.Configuration.PaperTask.Names;
            var modelNames = parse.GetValue(models) is { Length: > 0 } m ? m : ModelKindExtensions.PaperNames;
            foreach (var name in taskNames) BayesSparse.Configuration.PaperTask.Of(name);
            foreach (var name in modelNames) ModelKindExtensions.ParseModelKind(name);
            var seedList = SeedList(parse.GetValue(seeds) ?? []);
            var root = parse.GetValue(output)!;
            if (parse.GetValue(collect) is { Length: > 0 } folders) return Collect(Path.Combine(root, "collected"), folders);

            if (parse.GetValue(slurm) is not null && !parse.GetValue(plan)) throw new ArgumentException("--slurm writes a plan: pass --plan too");
            var dataOption = parse.GetValue(dataDir);
            var (data, slices) = parse.GetValue(plan) ? (BayesSparse.Data.DataDirectory.Resolve(dataOption), false) : RunOptions.Data(dataOption, allowSlices: true);
            if (slices) profileName = "smoke";
            var runs = new List<(string Task, string Model, long? Seed, PlannedRun Run)>();
            foreach (var task in taskNames)
                foreach (var model in modelNames)
                foreach (var seed in seedList)
                {
                    var outDir = Path.Combine(root, profileName, task, seed is { } n ? $"{model}-seed{n}" : model);
                    List<string> arguments = ["train", "--task", task, "--model", model, "--profile", profileName];
                    if (parse.GetValue(epochs) is { } e) arguments.AddRange(["--epochs", e.ToString(CultureInfo.InvariantCulture)]);
                    if (seed is { } s) arguments.AddRange(["--seed", s.ToString(CultureInfo.InvariantCulture)]);
                    if (DeviceSelector.Normalize(parse.GetValue(device)!) is var name and not "cpu") arguments.AddRange(["--device", name]);
                    if (parse.GetValue(standIn)) arguments.Add("--agnews-standin");
                    if (parse.GetValue(noCompaction)) arguments.Add("--no-compaction");
                    arguments.AddRange(["--data-dir", data.Path, "--out", outDir, "--resume"]);
                    runs.Add((task, model, seed, new PlannedRun(arguments, outDir)));
                }
            if (parse.GetValue(slurm) is { } scriptPath)
            {
                var collectCommand = $"bayes-sparse reproduce --collect {PlannedRun.Quote(Path.Combine(root, profileName))} --out {PlannedRun.Quote(root)}";
                var script = new SlurmArrayScript([.. runs.Select(r => r.Run)], Path.Combine(root, "slurm-logs"), collectCommand,
                    parse.GetValue(cpus) ?? CpusOf(profileName), parse.GetValue(time), parse.GetValue(partition), parse.GetValue(account),
                    parse.GetValue(sbatch) ?? []);
                var text = script.Text();
                Directory.CreateDirectory(Path.Combine(root, "slurm-logs"));
                AtomicFile.WriteAllText(scriptPath, text);
                Console.WriteLine($"Wrote {scriptPath}: {runs.Count} array tasks. Submit with 'sbatch {scriptPath}'; when all have finished: {collectCommand}");
                return 0;
            }
            if (parse.GetValue(plan))
            {
                foreach (var run in runs) Console.WriteLine(run.Run.CommandLine());
                return 0;
            }
            var cancellation = RunOptions.CancelOnStopSignals();
            foreach (var (task, model, seed, run) in runs)
            {
                if (File.Exists(Path.Combine(run.OutDir, "metrics.json")))
                {
                    AnsiConsole.MarkupLine($"[grey]{task}/{Markup.Escape(Path.GetFileName(run.OutDir))}: finished, skipped[/]");
                    continue;
                }
                var config = RunOptions.Config(task, profileName, null, seed, parse.GetValue(standIn), parse.GetValue(noCompaction));
                if (RunOptions.RunOne(config, ModelKindExtensions.ParseModelKind(model), data, run.OutDir, RunOptions.Device(parse.GetValue(device)!),
                        resume: Directory.Exists(Path.Combine(run.OutDir, "checkpoint")), parse.GetValue(epochs), cancellation) is null)
                    return 130;
            }
            return WriteTable(Path.Combine(root, profileName), [Path.Combine(root, profileName)]);
        });
        return command;
    }

    /// <summary>Cores a Slurm task asks for by default: 1 for smoke, 2 for cpu (what its timings were measured on), 4 for paper.</summary>
    private static int CpusOf(string profile) => profile switch { "smoke" => 1, "cpu" => 2, _ => 4 };

    /// <summary>The seeds of <c>--seeds</c> ("1-5", "1 3 7", "1-3 9"); one null (each config's own seed) when none are given.</summary>
    internal static IReadOnlyList<long?> SeedList(string[] tokens)
    {
        var seeds = new List<long?>();
        foreach (var token in tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = token.Split('-');
            if (parts.Length is < 1 or > 2 || !parts.All(p => long.TryParse(p, out var v) && v >= 0))
                throw new ArgumentException($"--seeds: '{token}' is not a seed or a range like 1-5");
            long first = long.Parse(parts[0]), last = long.Parse(parts[^1]);
            if (last < first || last - first >= 1000) throw new ArgumentException($"--seeds: '{token}' is not a range of at most 1,000 seeds like 1-5");
            for (long seed = first; seed <= last; seed++) seeds.Add(seed);
        }
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException("--seeds: a seed is given twice");
        return seeds.Count > 0 ? seeds : [null];
    }

    /// <summary><c>--collect</c>: refuses folders that are not there or hold no finished run before a table is overwritten.</summary>
    private static int Collect(string folder, string[] sources)
    {
        const string fix = "Pass the folders that 'reproduce' or 'train' wrote runs into";
        CommonOptions.RequireFolders(sources, fix);
        if (!sources.Any(s => Directory.EnumerateFiles(s, "metrics.json", SearchOption.AllDirectories).Any()))
            throw new BayesSparse.Data.DataException(string.Join(", ", sources), "no finished run (metrics.json) below it", fix);
        return WriteTable(folder, sources);
    }

    private static int WriteTable(string folder, string[] sources)
    {
        var rows = Table1.Collect(sources);
        Directory.CreateDirectory(folder);
        CsvFiles.Write(Path.Combine(folder, "table1.csv"), rows);
        CsvFiles.Write(Path.Combine(folder, "table1-seeds.csv"), Table1.SeedGroups(rows));
        var markdown = Table1.Markdown(rows, "bayes-sparse " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        AtomicFile.WriteAllText(Path.Combine(folder, "table1.md"), markdown);
        AnsiConsole.WriteLine(markdown);
        AnsiConsole.MarkupLine($"Wrote {Markup.Escape(Path.Combine(folder, "table1.csv"))}, table1-seeds.csv and table1.md ({rows.Count} runs).");
        return 0;
    }
}
