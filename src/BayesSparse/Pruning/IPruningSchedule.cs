using static TorchSharp.torch;

namespace BayesSparse.Pruning;

/// <summary>
/// When and what a <see cref="GradualPruner"/> prunes: a schedule sees one weight matrix's magnitudes at a time and
/// says which entries stay. A new schedule is one class implementing this, plus its name in <see cref="PrunerFactory"/>.
/// </summary>
public interface IPruningSchedule
{
    /// <summary>Throws an <see cref="ArgumentException"/> for an impossible schedule; returns it.</summary>
    IPruningSchedule Validate();

    /// <summary>Whether masks are updated after optimiser step <paramref name="step"/>.</summary>
    bool Prunes(long step);

    /// <summary>
    /// At a pruning step, the entries of one weight matrix to keep (ANDed with its mask, so pruned entries never
    /// return), or null to leave the mask as it is.
    /// </summary>
    /// <param name="step">The optimiser step.</param>
    /// <param name="magnitude">|w| of the weight matrix.</param>
    /// <param name="state">One float64 per weight matrix that the schedule may keep across steps (saved with the model
    /// as the buffer <c>{param}_prune_q</c>); NaN until the schedule sets it.</param>
    Tensor? Keep(long step, Tensor magnitude, Tensor state);
}
