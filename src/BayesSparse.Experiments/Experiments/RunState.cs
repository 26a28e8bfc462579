namespace BayesSparse.Experiments;

/// <summary>Where a run stands after its last completed epoch; stored in the checkpoint.</summary>
/// <param name="Task">Task of the run (a checkpoint of another task is refused).</param>
/// <param name="Model">Model kind of the run.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="Epoch">Completed epochs.</param>
/// <param name="Step">Optimiser steps so far.</param>
/// <param name="BestValid">Best validation quality so far.</param>
/// <param name="BestEpoch">Epoch of <see cref="BestValid"/>.</param>
/// <param name="Stopped">True once early stopping ended the run.</param>
/// <param name="Start">How the run's weights started (cold when null).</param>
/// <param name="StartSection">The config's start section the run began with (kept for resumes).</param>
/// <param name="Live">The live entries (original indices) of every group the model has been cut to, keyed
/// <c>layer.group</c> (<see cref="Structure.ModelStructure.Live"/>); null or empty for an uncut model.</param>
/// <param name="RemovedFor">The compaction rule's counters (<see cref="Structure.StructureCompaction.RemovedFor"/>), or null.</param>
/// <param name="UnusedReadings">The windowed groups' readings (<see cref="Structure.StructureCompaction.UnusedReadings"/>), or null.</param>
public sealed record RunState(string Task, string Model, long Seed, int Epoch, long Step, double BestValid, int BestEpoch, bool Stopped,
    RunStart? Start = null, Configuration.StartSection? StartSection = null, Dictionary<string, long[]>? Live = null,
    Dictionary<string, Dictionary<long, int>>? RemovedFor = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Dictionary<string, Dictionary<long, ulong>>? UnusedReadings = null);
