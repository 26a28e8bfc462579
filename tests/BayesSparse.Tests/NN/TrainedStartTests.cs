using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN;

/// <summary>SparseVD layers built from trained TorchSharp layers: eval output equals the dense layer's.</summary>
[TestFixture]
public sealed class TrainedStartTests
{
    private const double Tolerance = 1e-5;

    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Test]
    public void Should_StartEveryWeightAtTheTrainedLogAlpha_When_ResetFromTrained()
    {
        // Given trained values spanning six orders of magnitude, and an exact zero
        using var scope = NewDisposeScope();
        using var layer = new LinearSVD(4, 2);
        var trained = tensor(new[] { 3f, -0.5f, 0.02f, -1e-4f, 1e-6f, 0.3f, -7f, 0f }).reshape(2, 4);

        // When the layer starts from them
        layer.LoadTrained(trained, null);

        // Then the means are the trained values and every weight starts at log alpha -4, kept
        Assert.That(TensorAssert.Identical(layer.Weight.Mu, trained), Is.True);
        var logAlpha = layer.Weight.LogAlpha(layer.Options);
        Assert.That(MaxDifference(logAlpha, full(2, 4, -4f)), Is.LessThan(1e-4));
        Assert.That(layer.Weight.KeepMask(layer.Options).all().item<bool>(), Is.True);
    }

    [Test]
    public void Should_MatchDenseLinear_When_ConvertedAndEvaluated()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var dense = nn.Linear(7, 5);
        var x = randn(3, 7);

        using var svd = LinearSVD.From(dense);
        svd.eval();

        Assert.That(MaxDifference(svd.forward(x), dense.forward(x)), Is.LessThan(Tolerance));
    }

    [Test]
    public void Should_MatchDenseEmbedding_When_ConvertedAndEvaluated()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var dense = nn.Embedding(11, 6);
        var tokens = randint(11, [4, 9]);

        using var svd = EmbeddingSVD.From(dense, vocabularyZ: true);
        svd.eval();

        Assert.That(MaxDifference(svd.forward(tokens), dense.forward(tokens)), Is.LessThan(Tolerance));
    }

    [TestCase(SparsityGroups.Weights, RecurrentNoise.Fast)]
    [TestCase(SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Faithful)]
    public void Should_MatchTorchLstm_When_ConvertedAndEvaluated(SparsityGroups groups, RecurrentNoise noise)
    {
        // Given a trained-looking torch LSTM (random weights and both biases)
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var dense = nn.LSTM(6, 8, batchFirst: true);
        var x = randn(3, 10, 6);

        // When it is converted and run in eval mode
        using var svd = LstmSVD.From(dense, groups, noise);
        svd.eval();
        var (ours, h, c) = svd.forward(x);
        var (theirs, hTorch, cTorch) = dense.forward(x);

        // Then the outputs and final states agree
        Assert.That(MaxDifference(ours, theirs), Is.LessThan(Tolerance));
        Assert.That(MaxDifference(h, hTorch), Is.LessThan(Tolerance));
        Assert.That(MaxDifference(c, cTorch), Is.LessThan(Tolerance));
    }

    [Test]
    public void Should_MatchDenseLstm_When_ConvertedAndEvaluated()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var dense = new DenseLstm(5, 7);
        var x = randn(2, 6, 5);

        using var svd = LstmSVD.From(dense, SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Fast);
        svd.eval();

        Assert.That(MaxDifference(svd.forward(x).Item1, dense.forward(x).Item1), Is.LessThan(Tolerance));
    }

    [Test]
    public void Should_MatchTorchGru_When_ConvertedAndEvaluated()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var dense = nn.GRU(6, 8, batchFirst: true);
        var x = randn(3, 10, 6);

        using var svd = GruSVD.From(dense, SparsityGroups.Neurons);
        svd.eval();

        Assert.That(MaxDifference(svd.forward(x).Item1, dense.forward(x).Item1), Is.LessThan(Tolerance));
    }

    [Test]
    public void Should_Refuse_When_TorchLstmIsStacked()
    {
        using var dense = nn.LSTM(6, 8, numLayers: 2, batchFirst: true);

        var error = Assert.Throws<ArgumentException>(() => LstmSVD.From(dense));

        Assert.That(error!.Message, Does.Contain("single-layer"));
    }
}
