using System.Globalization;
using System.Text;
using System.Text.Json;
using BayesSparse.Configuration;
using BayesSparse.Models;

namespace BayesSparse.Experiments;

/// <summary>Assembles finished runs' <c>metrics.json</c> into <c>table1.csv</c> and <c>table1.md</c>, beside the paper's numbers.</summary>
public static class Table1
{
    /// <summary>One row of table1.csv.</summary>
    /// <param name="Task">Task.</param>
    /// <param name="Model">Model.</param>
    /// <param name="Profile">Profile.</param>
    /// <param name="Cell">The LSTM's training noise (SparseVD models) and gate function, from the run's <c>config.json</c>:
    /// "fast, sigmoid", "faithful, hard_sigmoid", with ", cut after K (layer.group K, ...)" for a run that compacts
    /// (<c>training.compact_after</c>); the gate function alone for the Original and the pruning baselines; empty
    /// without a config.</param>
    /// <param name="QualityName">Metric.</param>
    /// <param name="Valid">Our validation quality.</param>
    /// <param name="Test">Our test quality.</param>
    /// <param name="Compression">Our compression.</param>
    /// <param name="InputNeurons">Our remaining input neurons (x of the paper's x-h).</param>
    /// <param name="HiddenNeurons">Our remaining hidden neurons (h).</param>
    /// <param name="Gates">Our non-constant gates.</param>
    /// <param name="Epochs">Epochs trained by this run.</param>
    /// <param name="Start">How its weights started ("cold", or the run or vectors they came from).</param>
    /// <param name="StartEpochs">Epochs of the run it started from (0 for a cold start).</param>
    /// <param name="Authors">The authors' own valid-test @compression at the nearest logged epoch to
    /// <paramref name="StartEpochs"/> + <paramref name="Epochs"/>, from their published logs; empty when they logged none.</param>
    /// <param name="Paper">The paper's entry (test quality @ compression).</param>
    /// <param name="Note">Protocol note.</param>
    /// <param name="Run">The run folder, relative to the collected root it was found in.</param>
    /// <param name="Seed">The run's seed (its <c>config.json</c>; 0 without one).</param>
    /// <param name="PaperEpochs">The epochs the paper trains this task and model: the authors' last logged epoch (0 when
    /// they logged none).</param>
    /// <param name="Hours">This run's own training time (its epochs, not those of a run it started from).</param>
    /// <param name="Setting">What the run's config says besides its seed, epochs and notes, as a short hash: runs with the
    /// same setting differ only in their seed (empty without a config).</param>
    /// <param name="AuthorsHours">The authors' GPU time for the same epochs, <paramref name="StartEpochs"/> + 1 to
    /// <paramref name="StartEpochs"/> + <paramref name="Epochs"/> (<see cref="AuthorsCurves.Seconds"/>); null when their
    /// log does not reach that far.</param>
    public sealed record Row(string Task, string Model, string Profile, string Cell, string QualityName, double Valid, double Test,
        double Compression, long InputNeurons, long HiddenNeurons, long Gates, int Epochs, string Start, int StartEpochs, string Authors, string Paper, string? Note,
        string Run = "", long Seed = 0, string Setting = "", int PaperEpochs = 0, double Hours = 0, double? AuthorsHours = null);

    /// <summary>The paper's Table 1 (test quality; PTB valid-test), docs/method.md, section 4.</summary>
    public static readonly IReadOnlyDictionary<(string Task, string Model), string> Paper = new Dictionary<(string, string), string>
    {
        [("imdb", "original")] = "84.1", [("imdb", "w")] = "84.47 @1135x", [("imdb", "wn")] = "83.98 @17874x", [("imdb", "wgn")] = "83.98 @19747x; 1-4 / 6 gates",
        [("agnews", "original")] = "90.6", [("agnews", "w")] = "89.01 @350x", [("agnews", "wn")] = "88.55 @645x", [("agnews", "wgn")] = "88.41 @647x; 43-14 / 39 gates",
        [("ptb-char", "original")] = "1.499-1.454", [("ptb-char", "w")] = "1.472-1.429 @7.9x", [("ptb-char", "wn")] = "1.478-1.430 @10.2x", [("ptb-char", "wgn")] = "1.467-1.425 @9.8x; 50-404 / 1563 gates",
        [("ptb-word", "original")] = "135.6-129.3", [("ptb-word", "w")] = "115.0-109.2 @22.1x", [("ptb-word", "wn")] = "116.1-111.0 @23.5x", [("ptb-word", "wgn")] = "122.0-116.5 @24.5x; 9972-117 / 201 gates",
    };

    /// <summary>Reads every <c>metrics.json</c> below the given folders, in task and model order.</summary>
    /// <param name="folders">Result roots.</param>
    /// <param name="authors">The authors' curves; <see cref="AuthorsCurves.Find"/> when null.</param>
    public static List<Row> Collect(IEnumerable<string> folders, AuthorsCurves? authors = null)
    {
        authors ??= AuthorsCurves.Find();
        var rows = new List<Row>();
        foreach (var folder in folders.Where(Directory.Exists))
            foreach (var path in Directory.GetFiles(folder, "metrics.json", SearchOption.AllDirectories))
            {
                var m = RunMetrics.Load(path);
                var start = m.Start ?? RunStart.Cold;
                var point = authors.Nearest(m.Task, m.Model, start.InitEpochs + m.Epochs);
                var runFolder = Path.GetDirectoryName(path)!;
                var config = Config(runFolder);
                rows.Add(new Row(m.Task, m.Model, m.Profile, Cell(config, m.Model), m.QualityName, m.Valid, m.Test, m.Compression,
                    m.InputNeurons, m.HiddenNeurons, m.Gates, m.Epochs, start.Describe(), start.InitEpochs,
                    point is null ? "" : AuthorsCurves.Format(point, m.QualityName), Paper.GetValueOrDefault((m.Task, m.Model), ""), m.Note,
                    Path.GetRelativePath(folder, runFolder), config?.Seed ?? 0, Setting(config), authors.LastEpoch(m.Task, m.Model), m.Seconds / 3600,
                    authors.Seconds(m.Task, m.Model, start.InitEpochs + 1, start.InitEpochs + m.Epochs) / 3600));
            }
        var models = ModelKindExtensions.AllNames;
        return rows.OrderBy(r => Array.IndexOf(PaperTask.Names, r.Task)).ThenBy(r => Array.IndexOf(models, r.Model)).ThenBy(r => r.Run).ToList();
    }

    /// <summary>The <c>config.json</c> beside a run's metrics; null without one.</summary>
    private static ExperimentConfig? Config(string runFolder)
    {
        var path = Path.Combine(runFolder, "config.json");
        return File.Exists(path) ? ExperimentConfig.Load(path) : null;
    }

    /// <summary>
    /// "cfg-" and the first 8 hex digits of the SHA-256 of the config's JSON with what does not change the training
    /// cleared: the seed (what seed groups are over), the epochs, the notes, and <c>training.test_every</c> (reading
    /// the test split at some epochs draws no random numbers and changes no weight), so a run that read the test and one
    /// that did not share a setting. The prefix keeps a spreadsheet from reading a hash such as 12e45678 as a number.
    /// </summary>
    internal static string Setting(ExperimentConfig? config)
    {
        if (config is null) return "";
        var setting = config with { Seed = 0, Notes = null, Training = config.Training with { Epochs = 0, TestEvery = null } };
        var json = JsonSerializer.SerializeToUtf8Bytes(setting, ExperimentConfig.Json);
        return "cfg-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(json))[..8];
    }

    /// <summary>The run's noise and gate function, from its config.</summary>
    private static string Cell(ExperimentConfig? config, string model)
    {
        if (config is null) return "";
        var section = config.Model;
        string Name(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
        if (!ModelKindExtensions.ParseModelKind(model).IsBayesian()) return Name(section.GateActivation);
        var cell = $"{Name(section.Noise)}, {Name(section.GateActivation)}";
        return config.Training.CompactAfter is null ? cell : $"{cell}, cut {config.Training.CompactionRule()}";
    }

    /// <summary>Markdown table of <paramref name="rows"/>.</summary>
    public static string Markdown(IReadOnlyList<Row> rows, string command)
    {
        var text = new StringBuilder();
        text.AppendLine($"Made by: `{command}`").AppendLine();
        text.AppendLine("| task | model | profile | noise, gates | start | seed | epochs / paper's | hours: ours / authors' GPU | ours: valid | ours: test | compression | neurons x-h | gates | authors at the same epoch: valid-test | paper (test) | run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Task} | {r.Model} | {r.Profile} | {r.Cell} | {r.Start} | {r.Seed} | {Epochs(r.StartEpochs, r.Epochs)} / {(r.PaperEpochs > 0 ? r.PaperEpochs : "?")} | {r.Hours:0.00} / {(r.AuthorsHours is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "?")} | {r.Valid:0.###} | {r.Test:0.###} | {r.Compression:0.#}x | {r.InputNeurons}-{r.HiddenNeurons} | {r.Gates} | {r.Authors} | {r.Paper} | {r.Run} |"));
        text.AppendLine().AppendLine("Epochs: those of the run a warm start began from, plus its own, out of the paper's (the authors' last logged epoch); "
            + "hours: this run's own epochs on this machine, and the authors' GPU time for the same epochs (their log's seconds; where they logged "
            + "every k-th epoch, each epoch counted at its nearest logged one); "
            + "the authors' column is their logged epoch nearest to the epoch total (experiments/anchor-curves).");
        var groups = SeedGroups(rows);
        if (groups.Count > 0)
        {
            text.AppendLine().AppendLine("Over seeds (runs whose configs differ only in the seed, the same setting hash as table1.csv's `setting`; mean [min, max]):").AppendLine();
            text.AppendLine("| task | model | profile | noise, gates | setting | start | epochs | seeds | valid | test | compression | input neurons | hidden neurons | gates |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var g in groups)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {g.Task} | {g.Model} | {g.Profile} | {g.Cell} | {g.Setting} | {g.Start} | {Epochs(g.StartEpochs, g.Epochs)} | {g.Seeds.Split(' ').Length}: {g.Seeds} | {g.Valid} | {g.Test} | {g.Compression} | {g.InputNeurons} | {g.HiddenNeurons} | {g.Gates} |"));
        }
        foreach (var note in rows.Select(r => r.Note).OfType<string>().Distinct()) text.AppendLine().AppendLine($"Note: {note}");
        return text.ToString();
    }

    private static string Epochs(int startEpochs, int epochs) =>
        startEpochs > 0 ? string.Create(CultureInfo.InvariantCulture, $"{startEpochs}+{epochs}") : epochs.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The rows that differ only in their seed (same task, model, setting, start and epochs; two seeds or more), each
    /// group's readings as "mean [min, max]"; of two runs with the same seed and setting (a copy) the first counts.
    /// </summary>
    public static List<SeedGroup> SeedGroups(IReadOnlyList<Row> rows) => rows
        .Where(r => r.Setting != "")
        .DistinctBy(r => (r.Task, r.Model, r.Setting, r.Start, r.StartEpochs, r.Epochs, r.Seed))
        .GroupBy(r => (r.Task, r.Model, r.Profile, r.Cell, r.Setting, r.Start, r.StartEpochs, r.Epochs))
        .Where(g => g.Count() >= 2)
        .Select(g => new SeedGroup(g.Key.Task, g.Key.Model, g.Key.Profile, g.Key.Cell, g.Key.Setting, g.Key.Start, g.Key.StartEpochs, g.Key.Epochs,
            string.Join(' ', g.Select(r => r.Seed).Order()), Spread(g.Select(r => r.Valid), "0.##"), Spread(g.Select(r => r.Test), "0.##"),
            Spread(g.Select(r => r.Compression), "0", "x"), Spread(g.Select(r => (double)r.InputNeurons), "0.#"),
            Spread(g.Select(r => (double)r.HiddenNeurons), "0.#"), Spread(g.Select(r => (double)r.Gates), "0.#")))
        .ToList();

    private static string Spread(IEnumerable<double> values, string format, string unit = "")
    {
        var v = values.ToArray();
        string F(double x) => x.ToString(format, CultureInfo.InvariantCulture) + unit;
        return $"{F(v.Average())} [{F(v.Min())}, {F(v.Max())}]";
    }

    /// <summary>One row of table1-seeds.csv: runs alike but for the seed.</summary>
    /// <param name="Task">Task.</param>
    /// <param name="Model">Model.</param>
    /// <param name="Profile">Profile.</param>
    /// <param name="Cell">As <see cref="Row.Cell"/>.</param>
    /// <param name="Setting">As <see cref="Row.Setting"/>.</param>
    /// <param name="Start">As <see cref="Row.Start"/>.</param>
    /// <param name="StartEpochs">As <see cref="Row.StartEpochs"/>.</param>
    /// <param name="Epochs">As <see cref="Row.Epochs"/>.</param>
    /// <param name="Seeds">The seeds, space-separated.</param>
    /// <param name="Valid">Validation quality, "mean [min, max]".</param>
    /// <param name="Test">Test quality, likewise.</param>
    /// <param name="Compression">Compression, likewise.</param>
    /// <param name="InputNeurons">Input neurons left, likewise.</param>
    /// <param name="HiddenNeurons">Hidden neurons left, likewise.</param>
    /// <param name="Gates">Non-constant gates, likewise.</param>
    public sealed record SeedGroup(string Task, string Model, string Profile, string Cell, string Setting, string Start, int StartEpochs, int Epochs,
        string Seeds, string Valid, string Test, string Compression, string InputNeurons, string HiddenNeurons, string Gates);
}
