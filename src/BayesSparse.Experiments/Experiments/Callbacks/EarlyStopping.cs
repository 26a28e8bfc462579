namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Saves the model of the best validation epoch to <c>best.bin</c>, stops after <paramref name="patience"/> epochs
/// without improvement, and restores the best model at the end. Runs after <see cref="BestEpochTracker"/>.
/// </summary>
/// <param name="patience">Epochs without improvement before stopping.</param>
public sealed class EarlyStopping(int patience) : IRunCallback
{
    private static string BestPath(RunContext run) => Path.Combine(run.OutDir, "best.bin");

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        if (run.State.BestEpoch == row.Epoch) run.Model.Module.save(BestPath(run));
        if (row.Epoch - run.State.BestEpoch >= patience) run.State = run.State with { Stopped = true };
    }

    /// <inheritdoc />
    public void OnTrainEnd(RunContext run)
    {
        if (File.Exists(BestPath(run))) run.Model.Module.load(BestPath(run));
    }
}
