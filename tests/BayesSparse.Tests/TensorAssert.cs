using static TorchSharp.torch;

namespace BayesSparse.Tests;

/// <summary>Tensor comparisons that return a bool for NUnit.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape and bit-identical values.</summary>
    public static bool Identical(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
