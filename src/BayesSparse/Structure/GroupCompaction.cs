namespace BayesSparse.Structure;

/// <summary>What one <see cref="StructureCompaction.Step"/> read and did for one group.</summary>
/// <param name="Group">The group key, <c>layer.group</c>.</param>
/// <param name="Live">Entries in the tensors before the step.</param>
/// <param name="Unused">Of those, entries eval did not use at this reading.</param>
/// <param name="Cut">Entries cut at this step.</param>
/// <param name="CameBackAfter">Entries eval used again at this reading after n readings unused in a row, by n: structure
/// that comes back, which a rule with K &lt;= n would have cut.</param>
public sealed record GroupCompaction(string Group, long Live, long Unused, long Cut, IReadOnlyDictionary<int, long> CameBackAfter);
