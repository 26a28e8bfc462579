using System.Globalization;
using BayesSparse.Reporting;

namespace BayesSparse.Experiments;

/// <summary>
/// The paper's authors' per-epoch results, from the logs they published with their code (figures in
/// <c>experiments/anchor-curves</c>, whose README names the source): the yardstick for a run at equal epochs.
/// </summary>
public sealed class AuthorsCurves
{
    /// <summary>One logged epoch (accuracy as a fraction, perplexity or bits per char).</summary>
    /// <param name="Epoch">Epoch.</param>
    /// <param name="Seconds">Seconds of that epoch on the authors' GPU.</param>
    /// <param name="Valid">Validation quality.</param>
    /// <param name="Test">Test quality.</param>
    /// <param name="Compression">|w| / |w != 0|.</param>
    /// <param name="Hidden">Remaining hidden neurons.</param>
    /// <param name="Gates">Non-constant gates.</param>
    public sealed record Point(int Epoch, double Seconds, double Valid, double Test, double Compression, long Hidden, long Gates);

    /// <summary>The authors' run code of each (task, model) (anchor-curves/README.md).</summary>
    private static readonly Dictionary<(string Task, string Model), string> Files = new()
    {
        [("imdb", "w")] = "IMDB_LCLCCL", [("imdb", "wn")] = "IMDB_LLLCLL", [("imdb", "wgn")] = "IMDB_LLLLLL",
        [("agnews", "w")] = "AGNews_LCLCCL", [("agnews", "wn")] = "AGNews_LLLCLL", [("agnews", "wgn")] = "AGNews_LLLLLL",
        [("ptb-char", "original")] = "Char_PTB_dccd", [("ptb-char", "w")] = "Char_PTB_lccl", [("ptb-char", "wn")] = "Char_PTB_lcrl", [("ptb-char", "wgn")] = "Char_PTB_llrl",
        [("ptb-word", "original")] = "Word_PTB_dccd", [("ptb-word", "w")] = "Word_PTB_lccl", [("ptb-word", "wn")] = "Word_PTB_lcrl", [("ptb-word", "wgn")] = "Word_PTB_llrl",
    };

    private readonly Dictionary<(string, string), List<Point>> _curves;   // each in epoch order

    private AuthorsCurves(Dictionary<(string, string), List<Point>> curves) => _curves = curves;

    /// <summary>No curves (when the folder is not found).</summary>
    public static AuthorsCurves None { get; } = new([]);

    /// <summary>Reads the curves in <paramref name="folder"/> (missing files are skipped).</summary>
    public static AuthorsCurves Load(string folder) => new(Files
        .Where(f => File.Exists(Path.Combine(folder, f.Value + ".csv")))
        .ToDictionary(f => f.Key, f => CsvFiles.Read<Point>(Path.Combine(folder, f.Value + ".csv")).OrderBy(p => p.Epoch).ToList()));

    /// <summary>The repository's <c>experiments/anchor-curves</c>, searched from the working and the tool's folder upwards.</summary>
    public static AuthorsCurves Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "experiments", "anchor-curves");
                if (Directory.Exists(path)) return Load(path);
            }
        return None;
    }

    /// <summary>The logged epoch nearest to <paramref name="epoch"/> (the earlier one on a tie), or null.</summary>
    public Point? Nearest(string task, string model, int epoch) =>
        _curves.TryGetValue((task, model), out var points) && points.Count > 0
            ? points.MinBy(p => (Math.Abs(p.Epoch - epoch), p.Epoch))
            : null;

    /// <summary>The factor that puts the authors' quality of <paramref name="task"/> in a run's units: they log accuracy as a
    /// fraction, <c>epochs.csv</c> in percent.</summary>
    public static double QualityScale(string task) => BayesSparse.Configuration.PaperTask.Of(task).IsClassification ? 100 : 1;

    /// <summary>Every logged epoch of the authors' <paramref name="task"/>/<paramref name="model"/> run, in order; empty without a log.</summary>
    public IReadOnlyList<Point> Curve(string task, string model) =>
        _curves.TryGetValue((task, model), out var points) ? points : [];

    /// <summary>
    /// The authors' first logged epoch, from <paramref name="fromEpoch"/> on, whose compression has reached
    /// <paramref name="compression"/>, moving the way their curve moves from there to its end (PTB word's falls as weights
    /// come back, IMDb's rises); null where it never does, or without a log.
    /// </summary>
    public Point? ReachingCompression(string task, string model, double compression, int fromEpoch)
    {
        var curve = Curve(task, model).Where(p => p.Epoch >= fromEpoch).ToList();
        if (curve.Count == 0) return null;
        bool falling = curve[^1].Compression < curve[0].Compression;
        return curve.FirstOrDefault(p => falling ? p.Compression <= compression : p.Compression >= compression);
    }

    /// <summary>The authors' last logged epoch (the paper's training length), or 0 when they logged none.</summary>
    public int LastEpoch(string task, string model) =>
        _curves.TryGetValue((task, model), out var points) && points.Count > 0 ? points.Max(p => p.Epoch) : 0;

    /// <summary>
    /// The authors' GPU seconds over epochs <paramref name="first"/> to <paramref name="last"/>: each epoch's seconds,
    /// or where they logged only every k-th epoch (IMDb every 20, AGNews every 5) the seconds of the logged epoch nearest
    /// to it; null without a log or beyond its last epoch.
    /// </summary>
    public double? Seconds(string task, string model, int first, int last)
    {
        if (last > LastEpoch(task, model)) return null;
        return Enumerable.Range(first, Math.Max(0, last - first + 1)).Sum(epoch => Nearest(task, model, epoch)!.Seconds);
    }

    /// <summary>"valid-test @compression, hidden neurons, gates (epoch N)" in the table's units (accuracy in percent).</summary>
    public static string Format(Point point, string qualityName)
    {
        double scale = qualityName == "accuracy" ? 100 : 1;
        return string.Create(CultureInfo.InvariantCulture,
            $"{point.Valid * scale:0.##}-{point.Test * scale:0.##} @{point.Compression:0.#}x, {point.Hidden} hidden, {point.Gates} gates (ep {point.Epoch})");
    }
}
