using TorchSharp;

namespace BayesSparse.NN.Functional;

/// <summary>
/// Constant Scalars that live as long as the process. A number converted to a Scalar on the fly hands libtorch a
/// native object that only its finalizer frees, possibly while libtorch still reads it; these are never finalized.
/// Values that vary are held with <c>using Scalar x = value;</c> until the call returns.
/// </summary>
public static class Scalars
{
    /// <summary>0.</summary>
    public static readonly Scalar Zero = 0;

    /// <summary>1.</summary>
    public static readonly Scalar One = 1;
}
