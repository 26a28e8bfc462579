namespace BayesSparse.Experiments;

/// <summary>One row of a compacting run's <c>structure.csv</c>: one group at one epoch's end (<see cref="Structure.GroupCompaction"/>).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Group">The group key, <c>layer.group</c>.</param>
/// <param name="Live">Entries in the tensors during the epoch.</param>
/// <param name="Unused">Of those, entries eval did not use at the epoch's end.</param>
/// <param name="Cut">Entries cut at the epoch's end.</param>
/// <param name="CameBack">Entries used again after at least one unused epoch.</param>
/// <param name="CameBackAfter">Those by the number of unused epochs before, as "n:count" pairs ("1:12 3:1").</param>
/// <param name="UnusedFor">The unused entries by how many epochs in a row they have been unused, as "n:count" pairs.</param>
public sealed record StructureLogRow(int Epoch, string Group, long Live, long Unused, long Cut, long CameBack, string CameBackAfter,
    string UnusedFor = "");
