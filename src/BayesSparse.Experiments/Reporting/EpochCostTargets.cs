using BayesSparse.Experiments;

namespace BayesSparse.Reporting;

/// <summary>The live structure an epoch's cost is read at, and the fraction of a reference epoch it should cost.</summary>
/// <param name="Hidden">Hidden neurons eval keeps, at most.</param>
/// <param name="Gates">Non-constant gates, at most.</param>
/// <param name="Words">Vocabulary entries, at most (a language model's log has none, which counts as 0).</param>
/// <param name="Fraction">The share of the reference epoch.</param>
public sealed record EpochCostTargets(long Hidden = 50, long Gates = 100, long Words = 1000, double Fraction = 1.0 / 8)
{
    /// <summary>Whether the epoch's eval structure is within the targets.</summary>
    public bool HoldsStructure(EpochLogRow row) =>
        row.HiddenNeurons is { } hidden && hidden <= Hidden && row.Gates <= Gates && (row.Vocabulary ?? 0) <= Words;
}
