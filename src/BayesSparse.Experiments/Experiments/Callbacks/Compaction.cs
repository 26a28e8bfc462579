using BayesSparse.Reporting;
using BayesSparse.Structure;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Cuts removed structure out of the model's tensors at the end of each epoch, after it was evaluated
/// (<see cref="StructureCompaction"/> with K = <c>training.compact_after</c>), records the live entries and the
/// removal counters in the run state, so the checkpoint restores the same shapes and a resumed run cuts the same way,
/// and writes what it read and cut to <c>structure.csv</c>.
/// </summary>
/// <param name="epochs">K: consecutive epochs an entry is unused in eval before it is cut.</param>
/// <param name="epochsByGroup">Another K for some groups (<c>training.compact_after_by_group</c>), or null.</param>
/// <param name="fromEpoch">The first epoch whose end is read (<c>training.compact_from_epoch</c>); earlier epochs leave
/// the model, the counters and the log as they are.</param>
/// <param name="windowByGroup">A window W for some groups (<c>training.compact_window_by_group</c>), or null.</param>
public sealed class Compaction(int epochs, IReadOnlyDictionary<string, int>? epochsByGroup, int fromEpoch = 1,
    IReadOnlyDictionary<string, int>? windowByGroup = null) : IRunCallback
{
    private StructureCompaction? _rule;
    private List<StructureLogRow> _log = [];

    /// <summary>The structure log of a run folder.</summary>
    public static string PathIn(string outDir) => Path.Combine(outDir, "structure.csv");

    /// <inheritdoc />
    public void OnStart(RunContext run)
    {
        _rule = new StructureCompaction(epochs, run.State.RemovedFor, epochsByGroup, windowByGroup, run.State.UnusedReadings);
        var path = PathIn(run.OutDir);
        _log = run.State.Epoch > 0 && File.Exists(path) ? [.. CsvFiles.Read<StructureLogRow>(path).Where(r => r.Epoch <= run.State.Epoch)] : [];
    }

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        var rule = _rule ?? throw new InvalidOperationException("OnStart was not called");
        if (row.Epoch < fromEpoch) return;
        static string Pairs(IReadOnlyDictionary<int, long> counts) => string.Join(' ', counts.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"));
        var steps = rule.Step(run.Model.Module, run.Optimizer as IOptimizerStateSelect);
        if (steps.Any(s => s.Cut > 0)) BayesSparse.Platform.MallocTuning.Trim();   // the cut tensors' memory back to the OS
        foreach (var step in steps)
            _log.Add(new StructureLogRow(row.Epoch, step.Group, step.Live, step.Unused, step.Cut, step.CameBackAfter.Values.Sum(),
                Pairs(step.CameBackAfter), Pairs(step.UnusedFor)));
        CsvFiles.Write(PathIn(run.OutDir), _log);
        run.State = run.State with
        {
            Live = ModelStructure.Live(run.Model.Module),
            RemovedFor = rule.RemovedFor.ToDictionary(p => p.Key, p => new Dictionary<long, int>(p.Value)),
            UnusedReadings = rule.WindowByGroup.Count > 0
                ? rule.UnusedReadings.ToDictionary(p => p.Key, p => new Dictionary<long, ulong>(p.Value))
                : null,
        };
    }
}
