namespace BayesSparse.Structure;

/// <summary>A layer that declares its groups (<see cref="StructureGroup"/>) and can be cut down to the live entries of each.</summary>
public interface IStructuredLayer
{
    /// <summary>The layer's groups and which of their entries are still in its tensors.</summary>
    LayerStructure Structure { get; }
}
