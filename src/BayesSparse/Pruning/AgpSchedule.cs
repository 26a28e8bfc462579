using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Pruning;

/// <summary>
/// Automated gradual pruning (Zhu &amp; Gupta 2017), as TensorFlow's model optimisation and Distiller implement it:
/// <c>s_t = s_f + (s_i - s_f) (1 - (t - t0) / (n dt))^3</c> for t in [t0, t0 + n dt], masks updated every dt steps.
/// </summary>
/// <param name="InitialSparsity">s_i.</param>
/// <param name="FinalSparsity">s_f.</param>
/// <param name="Start">t0.</param>
/// <param name="Span">n dt, in steps.</param>
/// <param name="Frequency">dt.</param>
public sealed record AgpSchedule(double InitialSparsity, double FinalSparsity, long Start, long Span, long Frequency) : IPruningSchedule
{
    /// <summary>The schedule of a run from its <c>pruning</c> section (from 0 to the target sparsity) and its optimiser steps.</summary>
    public static AgpSchedule From(PruningSection section, long totalSteps)
    {
        long At(double fraction) => (long)Math.Round(fraction * totalSteps);
        return new AgpSchedule(0, section.TargetSparsity, At(section.StartFraction),
            Math.Max(1, At(section.EndFraction) - At(section.StartFraction)), section.Frequency);
    }

    /// <inheritdoc />
    IPruningSchedule IPruningSchedule.Validate() => Validate();

    /// <summary>Throws for an impossible schedule; returns it.</summary>
    public AgpSchedule Validate()
    {
        if (!(InitialSparsity >= 0 && InitialSparsity <= FinalSparsity && FinalSparsity < 1))
            throw new ArgumentException("need 0 <= initial sparsity <= final sparsity < 1");
        if (Span < 1 || Frequency < 1 || Start < 0) throw new ArgumentException("start >= 0, span >= 1 and frequency >= 1 are required");
        return this;
    }

    /// <summary>Whether masks are updated at <paramref name="step"/>.</summary>
    public bool Prunes(long step) => step >= Start && step <= Start + Span && (step - Start) % Frequency == 0;

    /// <inheritdoc />
    public Tensor? Keep(long step, Tensor magnitude, Tensor state)
    {
        long prune = (long)Math.Round(Sparsity(step) * magnitude.numel());
        if (prune == 0) return null;
        using var sorted = magnitude.flatten().sort().Values;
        using Scalar threshold = sorted[prune - 1].item<float>();
        return magnitude.gt(threshold);
    }

    /// <summary>Target sparsity at <paramref name="step"/>.</summary>
    public double Sparsity(long step)
    {
        double progress = Math.Clamp((step - Start) / (double)Span, 0, 1);
        return step < Start ? 0 : FinalSparsity + (InitialSparsity - FinalSparsity) * Math.Pow(1 - progress, 3);
    }
}
