using BayesSparse.Training;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Hooks into <see cref="ExperimentRunner"/>'s loop (as Lightning's callbacks): checkpointing, early stopping,
/// pruning, logs and progress are each one of these. Callbacks run in the order given; all methods are optional.
/// </summary>
public interface IRunCallback
{
    /// <summary>Training is about to start in this process: a new run's weights were just started (<c>run.State.Epoch</c> is 0) or a checkpoint was loaded.</summary>
    void OnStart(RunContext run) { }

    /// <summary>An epoch starts with this many batches.</summary>
    void OnEpochBegin(RunContext run, int epoch, int batches) { }

    /// <summary>An optimiser step ended; <c>run.State.Step</c> already counts it.</summary>
    void OnBatchEnd(RunContext run, int batch, StepResult result) { }

    /// <summary>An epoch ended and was evaluated (<c>run.State.Epoch</c> is it); a callback may set <c>run.State.Stopped</c>.</summary>
    void OnEpochEnd(RunContext run, EpochLogRow row) { }

    /// <summary>The last epoch ended, before the final evaluation.</summary>
    void OnTrainEnd(RunContext run) { }
}
