using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using TorchSharp;

namespace BayesSparse.Pruning;

/// <summary>Builds the <see cref="GradualPruner"/> of a pruning-baseline run over the model's weight matrices.</summary>
public static class PrunerFactory
{
    /// <summary>A pruner for <paramref name="model"/>, or null when <paramref name="kind"/> is not a pruning baseline.</summary>
    /// <param name="kind">prune-narang or prune-agp (others: null).</param>
    /// <param name="model">The plain model: the weights of its LSTM (<see cref="DenseLstm"/>, or libtorch's LSTM, GRU or RNN), dense and embedding layers are pruned.</param>
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
        {
            switch (module)
            {
                case DenseLstm:
                    pruner.Add(module, "weight_ih").Add(module, "weight_hh");
                    break;
                case TorchSharp.Modules.Linear or TorchSharp.Modules.Embedding:
                    pruner.Add(module, "weight");
                    break;
                case TorchSharp.Modules.LSTM or TorchSharp.Modules.GRU or TorchSharp.Modules.RNN:
                    // A user's libtorch recurrent layer: every weight_ih_l{k} / weight_hh_l{k} (the fused kernel reads the masked values).
                    foreach (var (name, _) in module.named_parameters(recurse: false).Where(p => p.name.StartsWith("weight_", StringComparison.Ordinal)))
                        pruner.Add(module, name);
                    break;
            }
        }
        return pruner;
    }
}
