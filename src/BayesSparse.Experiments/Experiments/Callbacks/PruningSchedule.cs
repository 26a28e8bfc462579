using BayesSparse.Pruning;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>Advances a magnitude-pruning baseline's schedule after every optimiser step.</summary>
/// <param name="pruner">The pruner over the model's weights (its masks are model buffers, so it exists before a checkpoint loads).</param>
public sealed class PruningSchedule(GradualPruner pruner) : IRunCallback
{
    /// <inheritdoc />
    public void OnBatchEnd(RunContext run, int batch, BayesSparse.Training.StepResult result) => pruner.OnStepEnd(run.State.Step - 1);
}
