namespace BayesSparse.Sparsity;

/// <summary>How many entries of one weight matrix remain after zeroing.</summary>
/// <param name="Name">Parameter name, dotted with its layer in a report (<c>encoder.weight</c>).</param>
/// <param name="Total">|w|: all entries.</param>
/// <param name="Nonzero">|w != 0|: entries left after zeroing.</param>
public sealed record WeightSparsity(string Name, long Total, long Nonzero)
{
    /// <summary>|w| / |w != 0|; infinity when nothing remains.</summary>
    public double Compression => Nonzero == 0 ? double.PositiveInfinity : Total / (double)Nonzero;

    /// <summary>The count of a boolean keep mask.</summary>
    internal static WeightSparsity Of(string name, TorchSharp.torch.Tensor kept) => new(name, kept.numel(), kept.sum().item<long>());

    /// <summary>Fraction of entries that are zero.</summary>
    public double Sparsity => Total == 0 ? 0 : 1 - Nonzero / (double)Total;
}
