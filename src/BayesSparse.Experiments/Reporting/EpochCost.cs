using BayesSparse.Experiments;
using MathNet.Numerics.Statistics;

namespace BayesSparse.Reporting;

/// <summary>
/// How a compacted run's epoch cost followed its live structure, read from its <c>epochs.csv</c>: the first epoch at
/// which eval kept at most <see cref="EpochCostTargets"/>' structure, the first epoch that took at most a fraction of
/// a reference epoch, and the median of the last epochs.
/// </summary>
/// <param name="Epochs">Epochs logged.</param>
/// <param name="Hours">Their seconds summed, in hours.</param>
/// <param name="FirstEpochSeconds">Epoch 1's seconds.</param>
/// <param name="ReferenceSeconds">The epoch the fraction is of: the given one, else epoch 1's.</param>
/// <param name="LimitSeconds"><paramref name="ReferenceSeconds"/> times the targets' fraction.</param>
/// <param name="FirstSmall">The first epoch whose eval structure is within the targets; null when none is.</param>
/// <param name="FirstWithinLimit">From <paramref name="FirstSmall"/> on, the first epoch that took at most <paramref name="LimitSeconds"/>.</param>
/// <param name="OverLimit">From <paramref name="FirstSmall"/> on, the epochs that took longer, in order.</param>
/// <param name="EpochsFromSmall">Epochs from <paramref name="FirstSmall"/> on.</param>
/// <param name="TailEpochs">The last epochs the median is over (at most 100).</param>
/// <param name="TailMedianSeconds">Their median seconds.</param>
public sealed record EpochCost(int Epochs, double Hours, double FirstEpochSeconds, double ReferenceSeconds, double LimitSeconds,
    EpochLogRow? FirstSmall, EpochLogRow? FirstWithinLimit, IReadOnlyList<int> OverLimit, int EpochsFromSmall, int TailEpochs,
    double TailMedianSeconds)
{
    /// <summary>The run folder's <c>epochs.csv</c>.</summary>
    /// <exception cref="ArgumentException">The folder has none.</exception>
    public static List<EpochLogRow> Read(string runFolder) => SeedComparison.Read(runFolder).Rows;

    /// <summary>Reads a run's log against <paramref name="targets"/>.</summary>
    /// <param name="log">The run's <c>epochs.csv</c> rows, epoch 1 first.</param>
    /// <param name="targets">The structure and the fraction of the reference epoch.</param>
    /// <param name="referenceSeconds">Epoch 1's cost on an idle machine, when the run's own epoch 1 shared the cores.</param>
    /// <exception cref="ArgumentException">The log is empty.</exception>
    public static EpochCost Of(IReadOnlyList<EpochLogRow> log, EpochCostTargets targets, double? referenceSeconds = null)
    {
        if (log.Count == 0) throw new ArgumentException("the run has no epoch logged yet");
        double reference = referenceSeconds ?? log[0].Seconds;
        double limit = reference * targets.Fraction;
        var small = log.FirstOrDefault(targets.HoldsStructure);
        var after = small is null ? [] : log.Where(r => r.Epoch >= small.Epoch).ToList();
        var tail = log.TakeLast(100).Select(r => r.Seconds).ToList();
        return new(log.Count, log.Sum(r => r.Seconds) / 3600, log[0].Seconds, reference, limit, small,
            after.FirstOrDefault(r => r.Seconds <= limit), [.. after.Where(r => r.Seconds > limit).Select(r => r.Epoch)], after.Count,
            tail.Count, tail.Median());
    }
}
