namespace BayesSparse.Sparsity;

/// <summary>How many units of one kind remain, for example hidden neurons "117 of 256".</summary>
/// <param name="Kept">Units left.</param>
/// <param name="Total">Units in the dense model.</param>
public sealed record UnitCount(long Kept, long Total)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kept}/{Total}";
}
