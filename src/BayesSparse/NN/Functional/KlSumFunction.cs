using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// sum KL(log alpha(mu, log sigma)) as one autograd node with a closed-form gradient. Through generic autograd
/// the KL of the word LM's 10M W^x weights cost more than the whole dense training step; here forward computes
/// the value and both gradients (in one pass on CPU, <see cref="KlKernel"/>; in a few element-wise tensor
/// operations elsewhere), and backward only scales them.
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

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (mu, logSigma, clip, approximation) = ((Tensor)vars[0], (Tensor)vars[1], (double)vars[2], (KlApproximation)vars[3]);
        using var noGrad = no_grad();
        var (kl, gradMu, gradLogSigma) = KlKernel.Supports(mu, logSigma)
            ? WithKernel(mu, logSigma, clip, approximation)
            : WithTensorOps(mu, logSigma, clip, approximation);
        ctx.save_data("grads", new[] { gradMu.DetachFromDisposeScope(), gradLogSigma.DetachFromDisposeScope() });
        return [kl];
    }

    /// <summary>The CPU float32 path: one pass of <see cref="KlKernel"/>.</summary>
    internal static (Tensor Kl, Tensor GradMu, Tensor GradLogSigma) WithKernel(Tensor mu, Tensor logSigma, double clip,
        KlApproximation approximation)
    {
        var (gradMu, gradLogSigma) = (empty_like(mu), empty_like(logSigma));
        double kl = KlKernel.Run(mu, logSigma, gradMu, gradLogSigma, clip, approximation);
        return (tensor(kl, dtype: mu.dtype), gradMu, gradLogSigma);
    }

    /// <summary>Any device and dtype: element-wise tensor operations.</summary>
    internal static (Tensor Kl, Tensor GradMu, Tensor GradLogSigma) WithTensorOps(Tensor mu, Tensor logSigma, double clip,
        KlApproximation approximation)
    {
        using var scope = NewDisposeScope();
        var muSquared = mu * mu + SparseVD.Epsilon;
        var raw = 2 * logSigma - muSquared.log();
        var logAlpha = raw.clamp(-clip, clip);
        var kl = SparseVD.KlDivergence(logAlpha, approximation).sum();
        var fit = KlFit.Of(approximation);
        var s = torch.sigmoid(fit.Q + fit.P * logAlpha);
        var derivative = (fit.Slope * s * (1 - s) - 0.5 * torch.sigmoid(-logAlpha)) * raw.abs().lt(clip);
        var gradMu = -2 * derivative * mu / muSquared;
        var gradLogSigma = 2 * derivative;
        return (kl.MoveToOuterDisposeScope(), gradMu.MoveToOuterDisposeScope(), gradLogSigma.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        var grads = (Tensor[])ctx.get_data("grads");
        // Scaled in place, no second pair of full-size tensors; the returned aliases belong to the current dispose
        // scope, the saved handles are released here.
        var upstream = gradOutputs[0];
        var scaled = grads.Select(g => g.mul_(upstream).alias()).ToArray();
        foreach (var g in grads) g.Dispose();
        return [scaled[0], scaled[1], null!, null!];
    }
}
