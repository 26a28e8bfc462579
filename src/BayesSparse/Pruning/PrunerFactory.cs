using BayesSparse.Models;
using BayesSparse.NN;
using TorchSharp;

namespace BayesSparse.Pruning;

/// <summary>Builds the <see cref="GradualPruner"/> of a pruning-baseline run over the model's weight matrices.</summary>
public static class PrunerFactory
{
    /// <summary>The schedule of each pruning baseline, from the run's <c>pruning</c> section and optimiser steps.</summary>
    private static readonly Dictionary<ModelKind, Func<PruningSection, long, IPruningSchedule>> Schedules = new()
    {
        [ModelKind.PruneNarang] = NarangSchedule.From,
        [ModelKind.PruneAgp] = AgpSchedule.From,
    };

    /// <summary>A pruner for <paramref name="model"/>, or null when <paramref name="kind"/> is not a pruning baseline.</summary>
    /// <param name="kind">prune-narang or prune-agp (others: null).</param>
    /// <param name="model">The plain model: every weight matrix of its layers (<see cref="ILayerWeights.WeightMatrices"/>:
    /// LSTM, dense and embedding weights, never biases) is pruned; SparseVD layers are left alone.</param>
    /// <param name="section">Schedule settings (defaults when null).</param>
    /// <param name="totalSteps">Optimiser steps of the whole run.</param>
    public static GradualPruner? Create(ModelKind kind, torch.nn.Module model, PruningSection? section, long totalSteps)
    {
        if (!Schedules.TryGetValue(kind, out var schedule)) return null;
        var pruner = new GradualPruner(schedule(section ?? new PruningSection(), totalSteps));
        foreach (var (_, module) in model.named_modules())
            if (module is not ISparseVDModule)
                foreach (var name in LayerWeights.Of(module).WeightMatrices)
                    pruner.Add(module, name);
        return pruner;
    }
}
