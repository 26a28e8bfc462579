namespace BayesSparse.Structure;

/// <summary>
/// Entries of a layer that are removed together (the paper's vocabulary, input neurons, hidden neurons): a name, a
/// size in the layer's original coordinates, and the axes of the layer's tensors that it indexes. Removing entry j
/// removes index j from every one of those axes.
/// </summary>
/// <param name="Name">The group's name in its layer, for example <c>hidden</c>.</param>
/// <param name="Size">Entries in the original (uncompacted) layer.</param>
/// <param name="Axes">The tensor axes it indexes.</param>
public sealed record StructureGroup(string Name, long Size, IReadOnlyList<GroupAxis> Axes);
