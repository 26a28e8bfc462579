using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// The tensor arithmetic whose TorchSharp 0.107 forms make a Scalar from a number inside TorchSharp and leave it to
/// the finalizer (<c>a + b</c> passes alpha 1, <c>s - a</c>, <c>square()</c>, <c>softplus</c>, <c>arange(n)</c>):
/// the same math with every Scalar held until libtorch returns (see <see cref="Scalars"/>).
/// <c>Architecture/TorchSharpCalleeTests</c> finds any other such call the library makes.
/// </summary>
public static class HeldScalarMath
{
    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, Scalars.One);

    /// <summary>a + s.</summary>
    public static Tensor Plus(this Tensor a, Scalar s) => a.add(s, Scalars.One);

    /// <summary>s - a (the same rounding as libtorch's rsub: -a + s is exact negation then one rounded add).</summary>
    public static Tensor Minus(this Scalar s, Tensor a) => a.neg().add_(s, Scalars.One);

    /// <summary>a².</summary>
    public static Tensor Squared(this Tensor a) => a.mul(a);

    /// <summary>softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|), which overflows for no x.</summary>
    public static Tensor Softplus(Tensor x)
    {
        using var scope = NewDisposeScope();
        return x.relu().Plus(x.abs().neg().exp().log1p()).MoveToOuterDisposeScope();
    }

    /// <summary>0, 1, ..., stop - 1, of stop's type.</summary>
    public static Tensor Arange(Scalar stop, Device? device = null) => arange(Scalars.Zero, stop, Scalars.One, device: device);
}
