using BayesSparse.Models;
using BayesSparse.NN;
using TorchSharp;

namespace BayesSparse.Pruning;

/// <summary>Builds the <see cref="GradualPruner"/> of a pruning-baseline run over the model's weight matrices.</summary>
public static class PrunerFactory
{
    /// <summary>A pruner for <paramref name="model"/>, or null when <paramref name="kind"/> is not a pruning baseline.</summary>
    /// <param name="kind">prune-narang or prune-agp (others: null).</param>
    /// <param name="model">The plain model: every weight matrix of its layers (<see cref="ILayerWeights.WeightMatrices"/>:
    /// LSTM, dense and embedding weights, never biases) is pruned; SparseVD layers are left alone.</param>
    /// <param name="section">Schedule settings (defaults when null).</param>
    /// <param name="totalSteps">Optimiser steps of the whole run.</param>
    public static GradualPruner? Create(ModelKind kind, torch.nn.Module model, PruningSection? section, long totalSteps)
    {
        if (!kind.IsPruned()) return null;
        section ??= new PruningSection();
        long At(double fraction) => (long)Math.Round(fraction * totalSteps);
        var pruner = kind == ModelKind.PruneNarang
            ? new GradualPruner(new NarangSchedule(At(section.StartFraction), At(section.RampFraction), Math.Max(At(section.EndFraction), At(section.RampFraction) + 1), section.Frequency, section.RampMultiplier))
            : new GradualPruner(new AgpSchedule(0, section.TargetSparsity, At(section.StartFraction), Math.Max(1, At(section.EndFraction) - At(section.StartFraction)), section.Frequency));
        foreach (var (_, module) in model.named_modules())
            if (module is not ISparseVDModule)
                foreach (var name in LayerWeights.Of(module).WeightMatrices)
                    pruner.Add(module, name);
        return pruner;
    }
}
