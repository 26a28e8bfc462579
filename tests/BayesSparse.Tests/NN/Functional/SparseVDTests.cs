using BayesSparse.NN;
using BayesSparse.NN.Functional;
using MathNet.Numerics;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Functional;

[TestFixture]
public sealed class SparseVDTests
{
    private const double EulerGamma = 0.57721566490153286;

    /// <summary>
    /// The true KL to the log-uniform prior up to Molchanov's constant (Molchanov et al. 2017, eq. 13-14):
    /// KL(a) = -0.5 log a + E_{e ~ N(1, a)} log|e| + (gamma + ln 2) / 2, which tends to 0 as a grows.
    /// E log|e| is integrated numerically, split at the log singularity e = 0.
    /// </summary>
    private static double TrueKl(double logAlpha)
    {
        double sd = Math.Exp(logAlpha / 2);
        double Integrand(double e) => e == 0 ? 0 : Math.Log(Math.Abs(e)) * Math.Exp(-0.5 * Math.Pow((e - 1) / sd, 2)) / (sd * Math.Sqrt(2 * Math.PI));
        double lower = 1 - 14 * sd, upper = 1 + 14 * sd;
        double expectedLog = (lower < 0 ? Integrate.DoubleExponential(Integrand, lower, 0, 1e-10) : 0)
                             + Integrate.DoubleExponential(Integrand, Math.Max(lower, 0), 1, 1e-10)
                             + Integrate.DoubleExponential(Integrand, 1, upper, 1e-10);
        return -0.5 * logAlpha + expectedLog + (EulerGamma + Math.Log(2)) / 2;
    }

    private static double[] Grid() => Enumerable.Range(0, 121).Select(i => -4 + i * 0.1).ToArray();

    [Test]
    public void Should_MatchNumericalKl_Within_001Nats_When_LogAlphaIn_Minus4To8()
    {
        // Given log alpha over [-4, 8]
        var grid = Grid();
        using var logAlpha = tensor(grid, ScalarType.Float64);

        // When the Molchanov approximation is evaluated
        using var approx = SparseVD.KlDivergence(logAlpha);
        var values = approx.data<double>().ToArray();

        // Then it is within 0.01 nats of the numerically integrated KL everywhere
        for (int i = 0; i < grid.Length; i++)
            Assert.That(values[i], Is.EqualTo(TrueKl(grid[i])).Within(0.01), $"log alpha = {grid[i]:F1}");
    }

    [Test]
    public void Should_DifferFromMolchanov_ByNearConstant_When_AuthorsLegacyFit()
    {
        var grid = Grid();
        using var logAlpha = tensor(grid, ScalarType.Float64);
        using var molchanov = SparseVD.KlDivergence(logAlpha, KlApproximation.Molchanov);
        using var legacy = SparseVD.KlDivergence(logAlpha, KlApproximation.AuthorsLegacy);
        using var difference = molchanov - legacy;

        // The offset is about k1 = 0.636 and varies by much less than the KL itself over the range.
        Assert.That(difference.mean().item<double>(), Is.EqualTo(0.636).Within(0.05));
        Assert.That((difference.max() - difference.min()).item<double>(), Is.LessThan(0.1));
        // Spot value from the formula: KL(0) = 0.5 log 2 - (0.03 + 0.64 sigmoid(1.95)).
        using var zero = SparseVD.KlDivergence(tensor(0.0), KlApproximation.AuthorsLegacy);
        Assert.That(zero.item<double>(), Is.EqualTo(0.5 * Math.Log(2) - (0.03 + 0.64 / (1 + Math.Exp(-1.95)))).Within(1e-12));
    }

    [Test]
    public void Should_ClipLogAlpha_When_OutsideTheClip()
    {
        using var mu = tensor(new[] { 1e-3, 1.0, 0.0 });
        using var logSigma = tensor(new[] { 0.0, -10.0, -3.0 });
        using var logAlpha = SparseVD.LogAlpha(mu, logSigma, clip: 8);
        Assert.That(logAlpha.data<double>().ToArray(), Is.EqualTo(new[] { 8.0, -8.0, 8.0 }));
        using var wide = SparseVD.LogAlpha(mu, logSigma, clip: 100);
        Assert.That(wide[0].item<double>(), Is.EqualTo(-Math.Log(1e-6 + SparseVD.Epsilon)).Within(1e-9));
    }

    [TestCase(KlApproximation.Molchanov)]
    [TestCase(KlApproximation.AuthorsLegacy)]
    public void Should_MatchAutogradValueAndGradient_When_KlSumUsesClosedForm(KlApproximation approximation)
    {
        // Given means and log sigmas whose log alpha spans both sides of the clip
        using var scope = NewDisposeScope();
        manual_seed(4);
        var mu = (randn(200, ScalarType.Float64) * 0.3).requires_grad_();
        var logSigma = (randn(200, ScalarType.Float64) * 2 - 3).requires_grad_();

        // When the closed form and generic autograd each give the sum and its gradients
        var closed = SparseVD.KlDivergenceSum(mu, logSigma, clip: 4, approximation);
        var closedGrads = autograd.grad([closed * 3], [mu, logSigma]);
        var generic = SparseVD.KlDivergence(SparseVD.LogAlpha(mu, logSigma, 4), approximation).sum();
        var genericGrads = autograd.grad([generic * 3], [mu, logSigma]);

        // Then they agree
        Assert.That(closed.item<double>(), Is.EqualTo(generic.item<double>()).Within(1e-9));
        for (int i = 0; i < 2; i++)
            Assert.That((closedGrads[i] - genericGrads[i]).abs().max().item<double>(), Is.LessThan(1e-9));
        Assert.That(SparseVD.LogAlpha(mu, logSigma, 100).abs().gt(4).any().item<bool>(), Is.True, "the clip is exercised");
    }

    [TestCase(KlApproximation.Molchanov)]
    [TestCase(KlApproximation.AuthorsLegacy)]
    public void Should_MatchTensorOps_When_CpuKernelComputesKlAndSlope(KlApproximation approximation)
    {
        // Given float32 parameters over several kernel chunks (and a ragged last one), log alpha on both sides of the clip
        using var scope = NewDisposeScope();
        manual_seed(5);
        var mu = randn(3 * 4096 + 17) * 0.3;
        var logSigma = randn(3 * 4096 + 17) * 2 - 3;
        Assert.That(TensorMemory.KernelReadable(mu, logSigma), Is.True);

        // When the chunked kernel and the element-wise tensor operations each give the sum and the slope
        var (kernelKl, kernelSlope) = KlSumFunction.WithKernel(mu, logSigma, 4, approximation);
        var (opsKl, opsSlope) = KlSumFunction.WithTensorOps(mu, logSigma, 4, approximation);

        // Then they agree to float precision, the clipped entries included
        Assert.That(kernelKl.item<float>(), Is.EqualTo(opsKl.item<float>()).Within(1e-4).Percent);
        Assert.That(((kernelSlope - opsSlope).abs() / (opsSlope.abs() + 1)).max().item<float>(), Is.LessThan(1e-5));
        Assert.That(SparseVD.LogAlpha(mu, logSigma, 100).abs().gt(4).any().item<bool>(), Is.True, "the clip is exercised");
        Assert.That(kernelSlope.eq(0).any().item<bool>(), Is.True, "clipped entries have zero slope");
    }

    [Test]
    public void Should_LeaveSameGrad_When_KlGradientsAreAddedStraightIntoGrad()
    {
        // Given float32 leaf parameters (several kernel chunks) whose .grad already holds a gradient, twice
        using var scope = NewDisposeScope();
        manual_seed(6);
        var init = (randn(2 * 4096 + 5) * 0.3, randn(2 * 4096 + 5) * 2 - 3);
        Tensor[] Leaves() => [init.Item1.clone().requires_grad_(), init.Item2.clone().requires_grad_()];
        var (fused, plain) = (Leaves(), Leaves());
        foreach (var p in fused.Concat(plain)) p.grad = ones_like(p);

        // When one backward runs inside the fused scope (the kernel adds into .grad) and the other outside it
        using (FusedGradientAccumulation.Enable())
            (SparseVD.KlDivergenceSum(fused[0], fused[1], clip: 4) * 3 + fused[0].sum()).backward();
        (SparseVD.KlDivergenceSum(plain[0], plain[1], clip: 4) * 3 + plain[0].sum()).backward();

        // Then both leave the same .grad: the earlier gradient plus 3 x the KL's plus the other term's
        for (int i = 0; i < 2; i++)
            Assert.That(((fused[i].grad! - plain[i].grad!).abs() / (plain[i].grad!.abs() + 1)).max().item<float>(), Is.LessThan(1e-5));
        Assert.That(FusedGradientAccumulation.Enabled, Is.False, "the scope closed");
    }

    [Test]
    public void Should_HandAutogradNothingForTheKl_When_FusedScopeIsOpen()
    {
        // Given a float32 leaf
        using var scope = NewDisposeScope();
        manual_seed(7);
        var mu = (randn(100) * 0.3).requires_grad_();
        var logSigma = (randn(100) * 2 - 3).requires_grad_();

        // When autograd.grad runs inside the fused scope
        Tensor[] grads;
        using (FusedGradientAccumulation.Enable())
            grads = autograd.grad([SparseVD.KlDivergenceSum(mu, logSigma, clip: 4) + mu.sum()], [mu], allow_unused: true).ToArray();

        // Then it sees only the other term (the documented caveat): the KL's part went into mu.grad
        Assert.That(grads[0].eq(1).all().item<bool>(), Is.True);
        Assert.That(mu.grad is not null && mu.grad.abs().sum().item<float>() > 0, Is.True);
    }
}
