using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// sum KL(log alpha(mu, log sigma)) as one autograd node with a closed-form gradient. Through generic autograd
/// the KL of the word LM's 10M W^x weights cost more than the whole dense training step; here forward computes
/// the value and the slope KL'(log alpha) (in one pass on CPU, <see cref="KlKernel"/>; in a few element-wise tensor
/// operations elsewhere), and backward turns the slope into both gradients. Inside
/// <see cref="FusedGradientAccumulation"/> it adds them straight into the parameters' <c>.grad</c> instead.
/// </summary>
/// <remarks>
/// With a = clip(2 log sigma - log(mu^2 + eps)): dKL/d log sigma = 2 KL'(a) and dKL/dmu = -2 mu / (mu^2 + eps)
/// KL'(a), both zero where the clip is active, with KL'(a) from <see cref="KlFit"/>.
/// Arguments of <c>apply</c>: mu, log sigma, clip (double), approximation.
/// </remarks>
internal sealed class KlSumFunction : autograd.MultiTensorFunction<KlSumFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(KlSumFunction);

    /// <summary>The sum; through the autograd node only when a gradient is recorded, so that nothing is saved for a
    /// backward that never runs.</summary>
    public static Tensor Sum(Tensor mu, Tensor logSigma, double clip, KlApproximation approximation)
    {
        if (is_grad_enabled() && (mu.requires_grad || logSigma.requires_grad)) return apply(mu, logSigma, clip, approximation)[0];
        var (kl, slope) = SumAndSlope(mu, logSigma, clip, approximation);
        slope.Dispose();
        return kl;
    }

    /// <summary>The kernel on CPU float32, tensor operations elsewhere.</summary>
    private static (Tensor Kl, Tensor Slope) SumAndSlope(Tensor mu, Tensor logSigma, double clip, KlApproximation approximation) =>
        TensorMemory.KernelReadable(mu, logSigma)
            ? WithKernel(mu, logSigma, clip, approximation)
            : WithTensorOps(mu, logSigma, clip, approximation);

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (mu, logSigma, clip, approximation) = ((Tensor)vars[0], (Tensor)vars[1], (double)vars[2], (KlApproximation)vars[3]);
        using var noGrad = no_grad();
        var (kl, slope) = SumAndSlope(mu, logSigma, clip, approximation);
        ctx.save_data("saved", (mu, logSigma, slope.DetachFromDisposeScope()));
        return [kl];
    }

    /// <summary>The CPU float32 path: one pass of <see cref="KlKernel"/>.</summary>
    internal static (Tensor Kl, Tensor Slope) WithKernel(Tensor mu, Tensor logSigma, double clip, KlApproximation approximation)
    {
        var slope = empty_like(mu);
        double kl = KlKernel.SumAndSlope(mu, logSigma, slope, clip, approximation);
        return (tensor(kl, dtype: mu.dtype), slope);
    }

    /// <summary>Any device and dtype: element-wise tensor operations.</summary>
    internal static (Tensor Kl, Tensor Slope) WithTensorOps(Tensor mu, Tensor logSigma, double clip, KlApproximation approximation)
    {
        using var scope = NewDisposeScope();
        var fit = KlFit.Of(approximation);
        using Scalar two = 2.0, epsilon = SparseVD.Epsilon, low = -clip, high = clip, one = 1.0, half = 0.5, q = fit.Q, p = fit.P, c = fit.Slope;
        var raw = logSigma * two - (mu * mu).Plus(epsilon).log();
        var logAlpha = raw.clamp(low, high);
        var kl = SparseVD.KlDivergence(logAlpha, approximation).sum();
        var s = torch.sigmoid((logAlpha * p).Plus(q));
        var slope = (s * c * one.Minus(s) - torch.sigmoid(-logAlpha) * half) * raw.abs().lt(high);
        return (kl.MoveToOuterDisposeScope(), slope.MoveToOuterDisposeScope());
    }

    /// <summary>dKL/dmu and dKL/d log sigma from the slope, times <paramref name="upstream"/>.</summary>
    internal static (Tensor GradMu, Tensor GradLogSigma) Gradients(Tensor mu, Tensor slope, Tensor upstream)
    {
        using var scope = NewDisposeScope();
        using Scalar two = 2.0, epsilon = SparseVD.Epsilon, minusOne = -1.0;
        var gradLogSigma = slope * (upstream * two);
        var gradMu = gradLogSigma * mu / (mu * mu).Plus(epsilon) * minusOne;
        return (gradMu.MoveToOuterDisposeScope(), gradLogSigma.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        var (mu, logSigma, slope) = ((Tensor, Tensor, Tensor))ctx.get_data("saved");
        using var _ = slope;
        var upstream = gradOutputs[0];
        if (TensorMemory.KernelReadable(mu, slope))
        {
            using var gradMu = FusedGradientAccumulation.GradientOf(mu);
            using var gradLogSigma = gradMu is null ? null : FusedGradientAccumulation.GradientOf(logSigma);
            if (gradMu is not null && gradLogSigma is not null && TensorMemory.KernelReadable(mu, gradMu, gradLogSigma))
            {
                KlKernel.AddGradients(mu, slope, gradMu, gradLogSigma, upstream.item<float>());
                return [null!, null!, null!, null!];
            }
        }
        var (muGradient, logSigmaGradient) = Gradients(mu, slope, upstream);
        return [muGradient, logSigmaGradient, null!, null!];
    }
}
