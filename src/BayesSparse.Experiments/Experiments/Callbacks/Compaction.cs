using BayesSparse.Structure;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Cuts removed structure out of the model's tensors at the end of each epoch, after it was evaluated
/// (<see cref="StructureCompaction"/> with K = <c>training.compact_after</c>), and records the live entries and the
/// removal counters in the run state, so the checkpoint restores the same shapes and a resumed run cuts the same way.
/// </summary>
/// <param name="epochs">K: consecutive epochs an entry is unused in eval before it is cut.</param>
public sealed class Compaction(int epochs) : IRunCallback
{
    private StructureCompaction? _rule;

    /// <inheritdoc />
    public void OnStart(RunContext run) => _rule = new StructureCompaction(epochs, run.State.RemovedFor);

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        var rule = _rule ?? throw new InvalidOperationException("OnStart was not called");
        rule.Step(run.Model, run.Optimizer as IOptimizerStateSelect);
        run.State = run.State with
        {
            Live = ModelStructure.Live(run.Model),
            RemovedFor = rule.RemovedFor.ToDictionary(p => p.Key, p => new Dictionary<long, int>(p.Value)),
        };
    }
}
