namespace BayesSparse.Structure;

/// <summary>What one <see cref="StructureCompaction.Step"/> read and did for one group.</summary>
/// <param name="Group">The group key, <c>layer.group</c>.</param>
/// <param name="Live">Entries in the tensors before the step.</param>
/// <param name="Unused">Of those, entries eval did not use at this reading.</param>
/// <param name="Cut">Entries cut at this step.</param>
/// <param name="CameBackAfter">Entries eval used again at this reading after n readings unused in a row, by n: structure
/// that comes back, which a rule with K &lt;= n would have cut.</param>
/// <param name="UnusedFor">The unused live entries by how many readings in a row they have been unused (before the cut):
/// an entry reaches n once per unused streak, so summed over readings the count at n is how many streaks a rule with
/// K = n cuts.</param>
public sealed record GroupCompaction(string Group, long Live, long Unused, long Cut, IReadOnlyDictionary<int, long> CameBackAfter,
    IReadOnlyDictionary<int, long> UnusedFor);
