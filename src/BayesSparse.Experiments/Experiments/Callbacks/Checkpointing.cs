namespace BayesSparse.Experiments.Callbacks;

/// <summary>Saves model, optimiser and run state to the run's <c>checkpoint/</c> after every epoch (after the log, so a resume finds both).</summary>
public sealed class Checkpointing : IRunCallback
{
    /// <summary>The checkpoint folder of a run folder.</summary>
    public static string FolderIn(string outDir) => Path.Combine(outDir, "checkpoint");

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row) => Checkpoint.Save(FolderIn(run.OutDir), run.Model.Module, run.Optimizer, run.State);
}
