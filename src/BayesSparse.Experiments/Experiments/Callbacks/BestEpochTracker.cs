namespace BayesSparse.Experiments.Callbacks;

/// <summary>Keeps the best validation quality and its epoch in the run state (higher or lower is better by task).</summary>
public sealed class BestEpochTracker : IRunCallback
{
    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        double best = run.State.BestValid, valid = row.ValidQuality;
        if (double.IsNaN(best) || (run.Task.HigherIsBetter ? valid > best : valid < best))
            run.State = run.State with { BestValid = valid, BestEpoch = row.Epoch };
    }
}
