using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

[TestFixture]
public sealed class GruSVDTests
{
    private const long Batch = 3, Steps = 5, Input = 4, Hidden = 6;

    private static GruSVD Layer()
    {
        manual_seed(8);
        var layer = new GruSVD(Input, Hidden, SparsityGroups.Neurons);
        using var _ = no_grad();
        foreach (var (name, p) in layer.named_parameters())
            if (name.EndsWith("_log_sigma", StringComparison.Ordinal)) p.fill_(-30);
        layer.BiasIh.copy_(randn(3 * Hidden) * 0.5);
        layer.BiasHh.copy_(randn(3 * Hidden) * 0.5);
        return layer;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Should_EqualTorchGru_When_NoiseOffAndEveryZIsOne(bool training)
    {
        using var scope = NewDisposeScope();
        using var layer = Layer();
        layer.train(training);
        using var reference = nn.GRU(Input, Hidden, batchFirst: true);
        using (no_grad())
        {
            var p = reference.parameters().ToArray();
            p[0].copy_(layer.Variables.WeightIh.Mu);
            p[1].copy_(layer.Variables.WeightHh.Mu);
            p[2].copy_(layer.BiasIh);
            p[3].copy_(layer.BiasHh);
        }
        var x = randn(Batch, Steps, Input);
        var h0 = randn(1, Batch, Hidden);

        var (output, h) = layer.forward(x, h0);
        var (expected, expectedH) = reference.forward(x, h0);

        Assert.That((output - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
        Assert.That((h - expectedH).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
    }

    [Test]
    public void Should_SilenceAHiddenNeuron_When_ItsZIsZeroed()
    {
        using var scope = NewDisposeScope();
        using var layer = Layer();
        using (no_grad()) layer.Variables.ZHidden!.Mu[2] = tensor(0f);
        layer.eval();
        var output = layer.forward(randn(Batch, Steps, Input)).Item1;
        Assert.That(output[.., .., 2].abs().max().item<float>(), Is.EqualTo(0f));
        Assert.That(output[.., .., 1].abs().max().item<float>(), Is.GreaterThan(0f));
    }

    [Test]
    public void Should_RejectGateVariables_When_Constructed() =>
        Assert.Throws<ArgumentException>(() => new GruSVD(3, 3, SparsityGroups.Gates));
}
