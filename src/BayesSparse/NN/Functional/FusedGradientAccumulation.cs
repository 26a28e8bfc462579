using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// A scope in which backward adds the KL's gradients of leaf parameters straight into their <c>.grad</c> with the
/// CPU kernel and hands autograd nothing for them, as Megatron-LM's gradient-accumulation fusion does for weight
/// gradients. <c>loss.backward()</c> leaves the same <c>.grad</c>; what it saves is a full-size gradient tensor per
/// parameter and the passes that scale it and sum it with the data term's (per training step 2 x 6M values for the
/// IMDb embedding, 2 x 10M for the word LM's W^x). <c>autograd.grad</c> does not see these gradients: run only
/// <c>backward()</c> inside the scope.
/// </summary>
public static class FusedGradientAccumulation
{
    [ThreadStatic] private static int t_depth;

    /// <summary>Whether the calling thread is inside a scope.</summary>
    public static bool Enabled => t_depth > 0;

    /// <summary>Opens a scope on the calling thread; libtorch runs a CPU backward on the thread that calls it.</summary>
    public static IDisposable Enable()
    {
        t_depth++;
        return new Scope();
    }

    /// <summary>
    /// The gradient of <paramref name="parameter"/> to add into (zeros are set first when it has none), or null when no
    /// scope is open or the tensor is not a leaf that requires grad. The caller disposes the handle.
    /// </summary>
    internal static Tensor? GradientOf(Tensor parameter)
    {
        if (!Enabled || !parameter.is_leaf || !parameter.requires_grad) return null;
        if (parameter.grad is { } grad) return grad;
        using (var zeros = zeros_like(parameter)) parameter.grad = zeros;
        return parameter.grad;
    }

    private sealed class Scope : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_depth--;
        }
    }
}
