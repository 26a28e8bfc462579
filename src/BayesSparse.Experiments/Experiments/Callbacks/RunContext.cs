using BayesSparse.Configuration;
using BayesSparse.Models;
using TorchSharp.Modules;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>What callbacks see of the run in progress.</summary>
/// <param name="Config">The run's config.</param>
/// <param name="Kind">The model variant.</param>
/// <param name="Task">Data and model.</param>
/// <param name="Optimizer">The optimiser over the model's parameters.</param>
/// <param name="OutDir">The run folder.</param>
public sealed record RunContext(ExperimentConfig Config, ModelKind Kind, IExperimentTask Task, OptimizerHelper Optimizer, string OutDir)
{
    /// <summary>The model.</summary>
    public ISequenceModel Model => Task.Model;

    /// <summary>Epoch, step, best epoch and whether to stop: what the checkpoint stores.</summary>
    public required RunState State { get; set; }

    /// <summary>The rows of <c>epochs.csv</c> so far.</summary>
    public required List<EpochLogRow> Log { get; init; }
}
