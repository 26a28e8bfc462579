using BayesSparse.Experiments;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace BayesSparse.Reporting;

/// <summary>
/// Two sets of runs of one task and model (seeds of two variants, say compacted and not) compared at equal epochs as
/// distributions: for the validation quality and the compression at each chosen epoch, each set's mean and range,
/// whether the first set's mean lies inside the second set's range, and Welch's two-sample t-test (unequal
/// variances; the t distribution from MathNet.Numerics).
/// </summary>
public static class SeedComparison
{
    /// <summary>The metrics compared, read from each run's <c>epochs.csv</c>.</summary>
    public static readonly IReadOnlyList<(string Name, Func<EpochLogRow, double> Read)> Metrics =
        [("valid_quality", r => r.ValidQuality), ("compression", r => r.Compression)];

    /// <summary>Compares <paramref name="runs"/> with <paramref name="against"/> (run folders) at <paramref name="epochs"/>.</summary>
    /// <exception cref="ArgumentException">A set has fewer than two runs, or a run has not reached an epoch.</exception>
    public static IReadOnlyList<SeedComparisonRow> Compare(IReadOnlyList<string> runs, IReadOnlyList<string> against, IReadOnlyList<int> epochs)
    {
        if (runs.Count < 2 || against.Count < 2) throw new ArgumentException("each set needs at least two runs");
        var (logsA, logsB) = (runs.Select(Read).ToList(), against.Select(Read).ToList());
        var rows = new List<SeedComparisonRow>();
        foreach (var epoch in epochs)
            foreach (var (name, read) in Metrics)
            {
                var a = logsA.Select(log => read(At(log, epoch))).ToArray();
                var b = logsB.Select(log => read(At(log, epoch))).ToArray();
                var (t, df, p) = Welch(a, b);
                rows.Add(new SeedComparisonRow(epoch, name, a.Length, a.Mean(), a.Min(), a.Max(), b.Length, b.Mean(), b.Min(), b.Max(),
                    b.Min() <= a.Mean() && a.Mean() <= b.Max(), t, df, p));
            }
        return rows;
    }

    /// <summary>Welch's t statistic, its degrees of freedom (Welch-Satterthwaite) and the two-sided p-value.</summary>
    public static (double T, double Df, double P) Welch(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double va = a.Variance() / a.Count, vb = b.Variance() / b.Count;
        if (va + vb == 0) return a.Mean() == b.Mean() ? (0, double.NaN, 1) : (double.PositiveInfinity, double.NaN, 0);
        double t = (a.Mean() - b.Mean()) / Math.Sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        return (t, df, 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(t))));
    }

    /// <summary>A run folder's <c>epochs.csv</c>.</summary>
    /// <exception cref="ArgumentException">The folder has none.</exception>
    internal static (string Folder, List<EpochLogRow> Rows) Read(string folder)
    {
        var path = Path.Combine(folder, "epochs.csv");
        if (!File.Exists(path)) throw new ArgumentException($"{path} not found: pass run folders written by 'bayes-sparse train'");
        return (folder, CsvFiles.Read<EpochLogRow>(path));
    }

    /// <summary>The row of <paramref name="epoch"/>.</summary>
    /// <exception cref="ArgumentException">The run has not reached it.</exception>
    internal static EpochLogRow At((string Folder, List<EpochLogRow> Rows) log, int epoch) =>
        log.Rows.FirstOrDefault(r => r.Epoch == epoch) ?? throw new ArgumentException($"{log.Folder} has not reached epoch {epoch}");
}
