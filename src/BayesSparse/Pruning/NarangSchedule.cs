using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Pruning;

/// <summary>
/// The threshold schedule of "Exploring Sparsity in Recurrent Neural Networks" (Narang et al. 2017, docs/method.md,
/// section 5). With q the 90th percentile of |w| of the layer at <see cref="StartItr"/>:
/// <c>theta = 2 q freq / (2 (ramp - start) + 3 (end - ramp))</c>, <c>phi = ramp_multiplier * theta</c>;
/// for start &lt;= itr &lt; ramp, <c>eps = theta (itr - start + 1) / freq</c>; for ramp &lt;= itr &lt; end,
/// <c>eps = (theta (ramp - start + 1) + phi (itr - ramp + 1)) / freq</c>. Pruning happens every freq-th iteration
/// in [start, end). Its state is q, set at start_itr.
/// </summary>
/// <param name="StartItr">First pruning iteration.</param>
/// <param name="RampItr">Iteration where the slope rises to phi.</param>
/// <param name="EndItr">First iteration without pruning.</param>
/// <param name="Freq">Pruning frequency in iterations.</param>
/// <param name="RampMultiplier">phi / theta (1.5 in the paper).</param>
public sealed record NarangSchedule(long StartItr, long RampItr, long EndItr, long Freq, double RampMultiplier = 1.5) : IPruningSchedule
{
    /// <summary>The schedule of a run from its <c>pruning</c> section and its optimiser steps.</summary>
    public static NarangSchedule From(PruningSection section, long totalSteps)
    {
        long At(double fraction) => (long)Math.Round(fraction * totalSteps);
        return new NarangSchedule(At(section.StartFraction), At(section.RampFraction),
            Math.Max(At(section.EndFraction), At(section.RampFraction) + 1), section.Frequency, section.RampMultiplier);
    }

    /// <inheritdoc />
    IPruningSchedule IPruningSchedule.Validate() => Validate();

    /// <summary>Throws for an impossible schedule; returns it.</summary>
    public NarangSchedule Validate()
    {
        if (!(StartItr >= 0 && StartItr <= RampItr && RampItr < EndItr)) throw new ArgumentException("need 0 <= start_itr <= ramp_itr < end_itr");
        if (Freq < 1) throw new ArgumentException("freq must be at least 1");
        if (!(RampMultiplier > 0)) throw new ArgumentException("ramp multiplier must be positive");
        return this;
    }

    /// <summary>theta for a layer whose 90th percentile of |w| at start_itr is <paramref name="q"/>.</summary>
    public double Theta(double q) => 2 * q * Freq / (2.0 * (RampItr - StartItr) + 3.0 * (EndItr - RampItr));

    /// <summary>Whether <paramref name="itr"/> is a pruning iteration.</summary>
    public bool Prunes(long itr) => itr >= StartItr && itr < EndItr && (itr - StartItr) % Freq == 0;

    /// <inheritdoc />
    public Tensor? Keep(long step, Tensor magnitude, Tensor state)
    {
        if (step == StartItr)
        {
            using Scalar quantile = Quantile(magnitude, 0.9);
            state.fill_(quantile);
        }
        double q = state.item<double>();
        if (double.IsNaN(q)) return null; // a run resumed past start_itr without its q prunes nothing
        using Scalar epsilon = Epsilon(step, q);
        return magnitude.ge(epsilon);
    }

    /// <summary>The <paramref name="q"/>-quantile of the values (the smallest value at or above that share).</summary>
    private static double Quantile(Tensor values, double q)
    {
        using var sorted = values.flatten().sort().Values;
        long index = Math.Min(sorted.numel() - 1, (long)Math.Ceiling(q * sorted.numel()) - 1);
        return sorted[index].item<float>();
    }

    /// <summary>The threshold epsilon at <paramref name="itr"/> (no pruning outside [start, end)).</summary>
    public double Epsilon(long itr, double q)
    {
        double theta = Theta(q), phi = RampMultiplier * theta;
        if (itr < StartItr || itr >= EndItr) return 0;
        return itr < RampItr
            ? theta * (itr - StartItr + 1) / Freq
            : (theta * (RampItr - StartItr + 1) + phi * (itr - RampItr + 1)) / Freq;
    }
}
