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
    /// "fast, sigmoid", "faithful, hard_sigmoid", with ", cut after K" for a run that compacts
    /// (<c>training.compact_after</c>); the gate function alone for the Original and the pruning baselines; empty
    /// without a config.</param>
    /// <param name="QualityName">Metric.</param>
    /// <param name="Valid">Our validation quality.</param>
    /// <param name="Test">Our test quality.</param>
    /// <param name="Compression">Our compression.</param>
    /// <param name="Neurons">Our remaining neurons x-h.</param>
    /// <param name="Gates">Our non-constant gates.</param>
    /// <param name="Epochs">Epochs trained by this run.</param>
    /// <param name="Start">How its weights started ("cold", or the run or vectors they came from).</param>
    /// <param name="StartEpochs">Epochs of the run it started from (0 for a cold start).</param>
    /// <param name="Authors">The authors' own valid-test @compression at the nearest logged epoch to
    /// <paramref name="StartEpochs"/> + <paramref name="Epochs"/>, from their published logs; empty when they logged none.</param>
    /// <param name="Paper">The paper's entry (test quality @ compression).</param>
    /// <param name="Note">Protocol note.</param>
    /// <param name="Run">The run folder, relative to the collected root it was found in.</param>
    public sealed record Row(string Task, string Model, string Profile, string Cell, string QualityName, double Valid, double Test,
        double Compression, string Neurons, long Gates, int Epochs, string Start, int StartEpochs, string Authors, string Paper, string? Note,
        string Run = "");

    /// <summary>The paper's Table 1 (test quality; PTB valid-test), DESIGN.md section 4.</summary>
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
                rows.Add(new Row(m.Task, m.Model, m.Profile, Cell(Path.GetDirectoryName(path)!, m.Model), m.QualityName, m.Valid, m.Test, m.Compression,
                    $"{m.InputNeurons}-{m.HiddenNeurons}", m.Gates, m.Epochs, start.Describe(), start.InitEpochs,
                    point is null ? "" : AuthorsCurves.Format(point, m.QualityName), Paper.GetValueOrDefault((m.Task, m.Model), ""), m.Note,
                    Path.GetRelativePath(folder, Path.GetDirectoryName(path)!)));
            }
        var models = ModelKindExtensions.AllNames;
        return rows.OrderBy(r => Array.IndexOf(PaperTask.Names, r.Task)).ThenBy(r => Array.IndexOf(models, r.Model)).ThenBy(r => r.Run).ToList();
    }

    /// <summary>The run's noise and gate function, read from the <c>config.json</c> beside its metrics.</summary>
    private static string Cell(string runFolder, string model)
    {
        var path = Path.Combine(runFolder, "config.json");
        if (!File.Exists(path)) return "";
        var config = ExperimentConfig.Load(path);
        var section = config.Model;
        string Name(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
        if (!ModelKindExtensions.ParseModelKind(model).IsBayesian()) return Name(section.GateActivation);
        var cell = $"{Name(section.Noise)}, {Name(section.GateActivation)}";
        return config.Training.CompactAfter is { } k ? $"{cell}, cut after {k}" : cell;
    }

    /// <summary>Markdown table of <paramref name="rows"/>.</summary>
    public static string Markdown(IReadOnlyList<Row> rows, string command)
    {
        var text = new StringBuilder();
        text.AppendLine($"Made by: `{command}`").AppendLine();
        text.AppendLine("| task | model | profile | noise, gates | start | epochs | ours: valid | ours: test | compression | neurons x-h | gates | authors at the same epoch: valid-test | paper (test) | run |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Task} | {r.Model} | {r.Profile} | {r.Cell} | {r.Start} | {(r.StartEpochs > 0 ? $"{r.StartEpochs}+{r.Epochs}" : r.Epochs)} | {r.Valid:0.###} | {r.Test:0.###} | {r.Compression:0.#}x | {r.Neurons} | {r.Gates} | {r.Authors} | {r.Paper} | {r.Run} |"));
        text.AppendLine().AppendLine("Epochs: those of the run a warm start began from, plus its own; the authors' column is their logged epoch nearest to that total (experiments/anchor-curves).");
        foreach (var note in rows.Select(r => r.Note).OfType<string>().Distinct()) text.AppendLine().AppendLine($"Note: {note}");
        return text.ToString();
    }
}
