using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;

namespace BayesSparse.Reporting;

/// <summary>
/// Chooses K for <c>training.compact_after</c> from an observing run's <c>structure.csv</c> (K larger than its epochs, so
/// nothing was cut): per group and K, the unused streaks that reached K epochs and how many of them later came back.
/// A K whose cut entries rarely come back loses little by cutting them.
/// </summary>
public static class Comebacks
{
    /// <summary>The run folder's <c>structure.csv</c>.</summary>
    /// <exception cref="ArgumentException">The folder has none (the run did not count unused structure).</exception>
    public static List<StructureLogRow> Read(string runFolder)
    {
        var path = Compaction.PathIn(runFolder);
        if (!File.Exists(path))
            throw new ArgumentException($"{path} not found: a run writes it when training.compact_after is set (a K above its epochs counts without cutting)");
        return CsvFiles.Read<StructureLogRow>(path);
    }

    /// <summary>Rows for K = 1 ... <paramref name="maxK"/>, groups in the order the log names them.</summary>
    public static List<ComebackRow> Count(IReadOnlyList<StructureLogRow> log, int maxK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxK, 1);
        // unused_for holds each unused streak's length at each epoch's end, so a streak is counted once at length n for
        // every n it reaches; came_back_after holds the length of each streak that ended, at the epoch it ended.
        return [.. log.GroupBy(r => r.Group).SelectMany(group =>
        {
            var reached = Sum(group.Select(r => r.UnusedFor));
            var cameBack = Sum(group.Select(r => r.CameBackAfter));
            return Enumerable.Range(1, maxK).Select(k => new ComebackRow(group.Key, k, reached.GetValueOrDefault(k),
                cameBack.Where(p => p.Key >= k).Sum(p => p.Value)));
        })];
    }

    /// <summary>"n:count" pairs of every row, summed by n.</summary>
    private static Dictionary<int, long> Sum(IEnumerable<string> pairs) => pairs
        .SelectMany(text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(pair => pair.Split(':'))
        .GroupBy(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture))
        .ToDictionary(g => g.Key, g => g.Sum(p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));
}
