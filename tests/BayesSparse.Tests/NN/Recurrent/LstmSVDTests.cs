using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

[TestFixture]
public sealed class LstmSVDTests
{
    private const long Batch = 4, Steps = 6, Input = 5, Hidden = 7;

    private static LstmSVD Layer(SparsityGroups groups, RecurrentNoise noise, double logSigma)
    {
        manual_seed(5);
        var layer = new LstmSVD(Input, Hidden, groups, noise);
        using var _ = no_grad();
        foreach (var (name, p) in layer.named_parameters())
            if (name.EndsWith("_log_sigma", StringComparison.Ordinal)) p.fill_(logSigma);
        layer.Bias.copy_(randn(4 * Hidden) * 0.5);
        return layer;
    }

    private static TorchSharp.Modules.LSTM ReferenceWith(LstmSVD layer)
    {
        var reference = nn.LSTM(Input, Hidden, batchFirst: true);
        using var _ = no_grad();
        var p = reference.parameters().ToArray();
        p[0].copy_(layer.Variables.WeightIh.Mu);
        p[1].copy_(layer.Variables.WeightHh.Mu);
        p[2].copy_(layer.Bias);
        p[3].zero_();
        return reference;
    }

    [TestCase(RecurrentNoise.Faithful, true)]
    [TestCase(RecurrentNoise.Fast, true)]
    [TestCase(RecurrentNoise.Faithful, false)]
    [TestCase(RecurrentNoise.Fast, false)]
    public void Should_EqualTorchLstm_When_NoiseOffAndEveryZIsOne(RecurrentNoise noise, bool training)
    {
        // Given W+G+N with sigma ~ 1e-13 (noise off in float32) and z means 1
        using var scope = NewDisposeScope();
        using var layer = Layer(SparsityGroups.Neurons | SparsityGroups.Gates, noise, logSigma: -30);
        layer.train(training);
        using var reference = ReferenceWith(layer);
        var x = randn(Batch, Steps, Input);
        var h0 = randn(1, Batch, Hidden);
        var c0 = randn(1, Batch, Hidden);

        // When both run
        var (output, h, c) = layer.forward(x, (h0, c0));
        var (expected, expectedH, expectedC) = reference.forward(x, (h0, c0));

        // Then they agree to 1e-5
        Assert.That((output - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
        Assert.That((h - expectedH).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
        Assert.That((c - expectedC).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
    }

    [Test]
    public void Should_MakeGatesTheConstantsOfTheirBias_When_GateZIsZeroed()
    {
        // Given hidden unit 0 with all four gate z zeroed (log alpha clipped to 8 > 3)
        using var scope = NewDisposeScope();
        using var layer = Layer(SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Faithful, logSigma: -10);
        using (no_grad())
            foreach (var gate in new long[] { 0, Hidden, 2 * Hidden, 3 * Hidden })
                layer.Variables.ZGates!.Mu[gate] = tensor(0f);
        layer.eval();

        // When it runs on random input from a zero state
        var output = layer.forward(randn(Batch, Steps, Input)).Item1;

        // Then unit 0 follows c_t = s(b_f) c_{t-1} + s(b_i) tanh(b_g), h_t = s(b_o) tanh(c_t), whatever the input
        var b = layer.Bias.detach();
        double Sig(long i) => 1 / (1 + Math.Exp(-b[i].item<float>()));
        double cell = 0;
        for (int t = 0; t < Steps; t++)
        {
            cell = Sig(Hidden) * cell + Sig(0) * Math.Tanh(b[2 * Hidden].item<float>());
            var expected = Sig(3 * Hidden) * Math.Tanh(cell);
            for (int s = 0; s < Batch; s++)
                Assert.That(output[s, t, 0].item<float>(), Is.EqualTo(expected).Within(1e-6), $"step {t}, sequence {s}");
        }
        Assert.That(output[0, 1, 1].item<float>(), Is.Not.EqualTo(output[1, 1, 1].item<float>()), "other units see the input");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Should_EqualOneHotFeatures_When_InputIsTokens(bool training)
    {
        // Given token input and the same tokens as one-hot features, with noise off
        using var scope = NewDisposeScope();
        using var layer = Layer(SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Fast, logSigma: -30);
        layer.train(training);
        var tokens = tensor(new long[,] { { 1, 4, 4, 0 }, { 2, 2, 3, 1 } });
        var oneHot = nn.functional.one_hot(tokens, Input).to(ScalarType.Float32);

        // When both run (tokens read only the columns of W^x they use)
        var viaTokens = layer.forward(tokens).Item1;
        var viaFeatures = layer.forward(oneHot).Item1;

        // Then the outputs agree
        Assert.That((viaTokens - viaFeatures).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
    }
}
