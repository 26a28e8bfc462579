using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// Stateless SparseVD math (Molchanov et al. 2017): log alpha, the KL approximation and the masks.
/// </summary>
public static class SparseVD
{
    /// <summary>Molchanov et al.'s constants k1, k2, k3 (eq. 14).</summary>
    internal const double K1 = 0.63576, K2 = 1.87320, K3 = 1.48695;

    /// <summary>Stabilises log theta^2 for means that are exactly zero.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>
    /// log alpha = log sigma^2 - log theta^2, clipped to [-<paramref name="clip"/>, <paramref name="clip"/>].
    /// </summary>
    /// <param name="mu">Posterior mean theta, any shape.</param>
    /// <param name="logSigma">Posterior log sigma (not log sigma^2), same shape as <paramref name="mu"/>.</param>
    /// <param name="clip">Symmetric clip of log alpha (8 in the authors' code).</param>
    public static Tensor LogAlpha(Tensor mu, Tensor logSigma, double clip)
    {
        using var scope = NewDisposeScope();
        // Explicit Scalars, disposed after the calls: an implicit one (the 1e-8 in mu * mu + 1e-8) is freed by its
        // finalizer, which TorchSharp 0.107 does not hold off until libtorch is done with it (docs/platform.md).
        using Scalar two = 2.0, epsilon = Epsilon, low = -clip, high = clip;
        var logAlpha = logSigma * two - (mu * mu).Plus(epsilon).log();
        return logAlpha.clamp(low, high).MoveToOuterDisposeScope();
    }

    /// <summary>Element-wise KL(q || p) to the log-uniform prior as a function of log alpha.</summary>
    /// <param name="logAlpha">log alpha, any shape.</param>
    /// <param name="approximation">Which fit to use.</param>
    /// <returns>A tensor of the same shape, in nats.</returns>
    public static Tensor KlDivergence(Tensor logAlpha, KlApproximation approximation = KlApproximation.Molchanov)
    {
        using var scope = NewDisposeScope();
        // log1p(exp(-a)) computed as softplus(-a), which does not overflow for very negative a.
        var fit = KlFit.Of(approximation);
        using Scalar half = 0.5, c0 = fit.C0, c1 = fit.C1, q = fit.Q, p = fit.P;
        var halfSoftplus = HeldScalarMath.Softplus(-logAlpha) * half;
        return (torch.sigmoid((logAlpha * p).Plus(q)) * c1).Plus(c0).Plus(halfSoftplus).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sum over all entries of KL(q || p) for the posterior N(mu, exp(log sigma)^2), a scalar, with a
    /// closed-form gradient (see <see cref="KlSumFunction"/>); equal to
    /// <c>KlDivergence(LogAlpha(mu, logSigma, clip), approximation).sum()</c> in value and gradient.
    /// </summary>
    public static Tensor KlDivergenceSum(Tensor mu, Tensor logSigma, double clip, KlApproximation approximation = KlApproximation.Molchanov) =>
        KlSumFunction.Sum(mu, logSigma, clip, approximation);

    /// <summary>The keep mask: true where log alpha is at or below <paramref name="threshold"/>.</summary>
    public static Tensor KeepMask(Tensor logAlpha, double threshold)
    {
        using Scalar limit = threshold;
        return logAlpha.le(limit);
    }
}
