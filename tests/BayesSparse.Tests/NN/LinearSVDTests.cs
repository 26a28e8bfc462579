using BayesSparse.NN;
using BayesSparse.Sparsity;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN;

[TestFixture]
public sealed class LinearSVDTests
{
    private static LinearSVD LayerWithNoise(LinearNoise noise)
    {
        manual_seed(7);
        var layer = new LinearSVD(6, 3, noise: noise);
        using var _ = no_grad();
        layer.Weight.LogSigma.copy_(linspace(-2, 0, 18).reshape(3, 6));
        layer.Bias!.copy_(tensor(new[] { 0.5f, -0.5f, 0f }));
        return layer;
    }

    [Test]
    public void Should_MatchWeightSamplingMoments_When_LocalReparameterization()
    {
        // Given one input and the same posterior in both noise modes
        const int samples = 20000;
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(1, 6);
        using var lrt = LayerWithNoise(LinearNoise.LocalReparameterization);
        using var perBatch = LayerWithNoise(LinearNoise.OneSamplePerBatch);

        // When LRT samples pre-activations and the other mode samples whole weight matrices
        var viaLrt = lrt.forward(x.expand(samples, 6));
        var viaWeights = cat(Enumerable.Range(0, samples / 100)
            .Select(_ => stack(Enumerable.Range(0, 100).Select(_ => perBatch.forward(x).squeeze(0)).ToArray()))
            .ToArray());

        // Then means agree within 5 standard errors and variances within 6%
        var variance = viaWeights.var(0);
        var standardError = (variance / samples).sqrt();
        var meanGap = (viaLrt.mean([0]) - viaWeights.mean([0])).abs();
        Assert.That((meanGap / standardError).max().item<float>(), Is.LessThan(5f));
        var ratio = viaLrt.var(0) / variance;
        Assert.That(ratio.min().item<float>(), Is.GreaterThan(0.94f));
        Assert.That(ratio.max().item<float>(), Is.LessThan(1.06f));
    }

    [Test]
    public void Should_ZeroExactlyTheWeightsAboveThreshold_When_Eval()
    {
        // Given hand-set posteriors whose log alpha straddles the threshold 3
        using var scope = NewDisposeScope();
        using var layer = new LinearSVD(4, 2);
        var mu = tensor(new[,] { { 1f, 0.1f, -0.5f, 2f }, { 0.01f, -1f, 0.3f, 0.2f } });
        var logSigma = tensor(new[,] { { 0f, 0f, 0f, 0f }, { -3f, -3f, -3f, -3f } });
        using (no_grad())
        {
            layer.Weight.Mu.copy_(mu);
            layer.Weight.LogSigma.copy_(logSigma);
        }
        var logAlpha = 2 * logSigma - (mu * mu).log();
        var expectedKeep = logAlpha.le(3.0);

        // When switched to eval
        layer.eval();
        var x = eye(4);
        var output = layer.forward(x);

        // Then the effective weight is mu exactly where log alpha <= 3 and exactly zero elsewhere
        Assert.That(TensorAssert.Identical(layer.EvalWeights()["weight"], mu * expectedKeep), Is.True);
        Assert.That(TensorAssert.Identical(output.t(), mu * expectedKeep), Is.True);
        Assert.That(expectedKeep.sum().item<long>(), Is.EqualTo(6), "hand count: 0.1 (log alpha 4.6) and 0.01 (3.2) go");
        var report = SparsityReport.Of(layer);
        Assert.That(report.Total.Nonzero, Is.EqualTo(6));
        Assert.That(report.Compression, Is.EqualTo(8 / 6.0).Within(1e-12));
    }

    [Test]
    public void Should_RestoreIdenticalOutputs_When_StateSavedAndLoaded()
    {
        // Given a trained-looking layer saved to disk
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"linear-{Guid.NewGuid():N}.bin");
        using var scope = NewDisposeScope();
        using var original = LayerWithNoise(LinearNoise.LocalReparameterization);
        original.save(path);

        // When loaded into a fresh layer
        manual_seed(99);
        using var restored = new LinearSVD(6, 3);
        restored.load(path);
        File.Delete(path);

        // Then the state dict keys and values round-trip and eval outputs are identical
        Assert.That(restored.state_dict().Keys, Is.EquivalentTo(new[] { "weight_mu", "weight_log_sigma", "bias" }));
        original.eval();
        restored.eval();
        var x = randn(5, 6);
        Assert.That(TensorAssert.Identical(restored.forward(x), original.forward(x)), Is.True);
    }

    [Test]
    public void Should_RejectBadShapesAndOptions_When_Constructed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSVD(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSVD(3, 3, options: new SparseVDOptions(LogAlphaClip: 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSVD(3, 3, options: new SparseVDOptions(LogAlphaClip: -1)));
    }
}
