using System.Globalization;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using ScottPlot;

namespace BayesSparse.Reporting;

/// <summary>
/// Runs' curves over the authors' logged curve of the same task and model, in two panels sharing the epoch axis:
/// validation quality, and compression on a log scale; the authors' curve in grey with markers at their logged epochs.
/// </summary>
public static class AuthorsCurveFigure
{
    /// <summary>Renders the figure of <paramref name="runs"/> (run folders) and the authors' <paramref name="task"/>/<paramref name="model"/> log to a PNG.</summary>
    /// <exception cref="ArgumentException">No authors' log for the task and model, or a run folder without <c>epochs.csv</c>.</exception>
    public static void Save(IReadOnlyList<string> runs, string task, string model, AuthorsCurves curves, string path)
    {
        var theirs = curves.Curve(task, model);
        if (theirs.Count == 0) throw new ArgumentException($"no authors' log of {task}/{model} in experiments/anchor-curves");
        var info = PaperTask.Of(task);
        double scale = AuthorsCurves.QualityScale(task);
        var quality = new Plot();
        var figure = new Multiplot(quality);
        var compression = figure.AddPlot();
        var shown = new List<(double Epoch, double Valid)>();
        void Curve(string label, double[] epochs, double[] valid, double[] ratio, Color color, bool markers)
        {
            shown.AddRange(epochs.Zip(valid));
            var line = quality.Add.ScatterLine(epochs, valid, color);
            line.LegendText = label;
            line.MarkerSize = markers ? 4 : 0;
            var sparse = compression.Add.ScatterLine(epochs, ratio.Select(Math.Log10).ToArray(), color);
            sparse.MarkerSize = markers ? 4 : 0;
        }
        Curve("the authors' log", [.. theirs.Select(p => (double)p.Epoch)], [.. theirs.Select(p => p.Valid * scale)], [.. theirs.Select(p => p.Compression)],
            Colors.Gray, markers: true);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            var (folder, rows) = SeedComparison.Read(runs[i]);
            Curve(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), [.. rows.Select(r => (double)r.Epoch)], [.. rows.Select(r => r.ValidQuality)],
                [.. rows.Select(r => r.Compression)], palette.GetColor(i), markers: false);
        }
        quality.Title($"{task} {model} beside the authors' log");
        quality.YLabel("validation " + info.Kind switch
        {
            TaskKind.TextClassification => "accuracy (%)",
            TaskKind.WordLanguageModel => "perplexity",
            _ => "bits per character",
        });
        quality.ShowLegend(info.IsClassification ? Alignment.LowerRight : Alignment.UpperRight);
        // The quality axis spans the curves from the first twentieth of the epochs on: the first epochs' readings (a
        // perplexity of 560, an accuracy of 60%) would flatten the part where runs differ.
        double later = shown.Max(p => p.Epoch) / 20;
        var (low, high) = (shown.Where(p => p.Epoch >= later).Min(p => p.Valid), shown.Where(p => p.Epoch >= later).Max(p => p.Valid));
        quality.Axes.SetLimitsY(low - 0.05 * (high - low), high + 0.05 * (high - low));
        compression.Axes.AutoScale();
        var axis = compression.Axes.Left;
        double[] Ticks(int[] mantissas) => [.. Enumerable.Range((int)Math.Floor(axis.Min), (int)(Math.Ceiling(axis.Max) - Math.Floor(axis.Min)) + 1)
            .SelectMany(e => mantissas.Select(m => m * Math.Pow(10, e)))
            .Where(v => Math.Log10(v) >= axis.Min && Math.Log10(v) <= axis.Max)];
        var ticks = Ticks([1, 2, 5]) is { Length: >= 3 } coarse ? coarse : Ticks([1, 2, 3, 4, 5, 6, 7, 8, 9]);   // within a decade, every unit
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks.Select(Math.Log10)], [.. ticks.Select(v => v.ToString("#,0", CultureInfo.InvariantCulture) + "x")]);
        compression.YLabel("compression (log scale)");
        compression.XLabel("epoch");
        figure.SharedAxes.ShareX([quality, compression]);
        figure.SavePng(path, 900, 760);
    }
}
