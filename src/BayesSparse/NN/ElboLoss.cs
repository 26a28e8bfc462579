using BayesSparse.NN.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// The negative ELBO that SparseVD minimises, with the authors' scaling:
/// <c>loss = mean data loss + w_t * KL / N_train</c>, where N_train is the number of training examples
/// (classification) or tokens (language models) and <c>w_t = s * min(1, (t + 1) / warmup)</c>: an optional linear KL
/// warm-up (1 throughout when warm-up is 0, the default) times a scale <c>s</c> (1, the ELBO, unless a schedule sets
/// it; s &gt; 1 weighs the KL as a training set 1/s the size would).
/// </summary>
public sealed class ElboLoss
{
    /// <summary>Creates the objective.</summary>
    /// <param name="trainSize">N_train: examples or tokens in the training set.</param>
    /// <param name="klWarmupSteps">Steps over which the KL weight rises linearly to 1; 0 turns warm-up off.</param>
    public ElboLoss(long trainSize, long klWarmupSteps = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(klWarmupSteps);
        TrainSize = trainSize;
        KlWarmupSteps = klWarmupSteps;
    }

    /// <summary>N_train.</summary>
    public long TrainSize { get; }

    /// <summary>Warm-up length in optimiser steps (0 = off).</summary>
    public long KlWarmupSteps { get; }

    /// <summary>The scale s of the KL weight: 1 is the ELBO. Finite and non-negative.</summary>
    public double Scale
    {
        get;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "The KL scale must be finite and non-negative");
            field = value;
        }
    } = 1.0;

    /// <summary>The KL weight w_t at optimiser step <paramref name="step"/> (0-based).</summary>
    public double KlWeight(long step) =>
        Scale * (KlWarmupSteps == 0 ? 1.0 : Math.Min(1.0, (step + 1) / (double)KlWarmupSteps));

    /// <summary>The loss to minimise.</summary>
    /// <param name="dataLoss">Mean data loss over the batch (for example cross-entropy), a scalar.</param>
    /// <param name="kl">Total KL of the model, a scalar (see <see cref="SparseVDModel.KlDivergence"/>).</param>
    /// <param name="step">Optimiser step, for the warm-up.</param>
    public Tensor forward(Tensor dataLoss, Tensor kl, long step = 0)
    {
        using Scalar weight = KlWeight(step) / TrainSize;
        using var scaled = kl * weight;
        return dataLoss.Plus(scaled);
    }
}
