using BayesSparse.Sparsity;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Sparsity;

[TestFixture]
public sealed class StructuredSparsityTests
{
    private static Tensor Bools(int[,] values) => tensor(values).to(ScalarType.Bool);

    [Test]
    public void Should_EqualHandCounts_When_CountingHandBuiltMatrices()
    {
        // Given H = 2, In = 3, gate rows i0 i1 f0 f1 g0 g1 o0 o1
        using var scope = NewDisposeScope();
        var weightIh = Bools(new[,] { { 1, 1, 0 }, { 1, 0, 0 }, { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 }, { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 0 } });
        var weightHh = Bools(new[,] { { 1, 0 }, { 0, 0 }, { 1, 0 }, { 1, 0 }, { 0, 0 }, { 0, 0 }, { 1, 0 }, { 1, 0 } });
        var dense = Bools(new[,] { { 1, 0 }, { 1, 0 } });
        var zInput = tensor(new[] { true, false, true });
        var zHidden = tensor(new[] { true, true });
        var zGates = tensor(new[] { true, true, false, true, true, true, true, true });

        // When counted
        var report = StructuredSparsity.Count(new RecurrentMasks(weightIh, weightHh, dense, ZInput: zInput, ZHidden: zHidden, ZGates: zGates));

        // Then, by hand: input 0 only (column 2 is empty, z drops input 1); hidden 0 only (h1 feeds nothing);
        // gates i0 and o0 (f0's z is zero, g0 has no weights, unit 1 is gone)
        Assert.That(report.InputNeurons, Is.EqualTo(new UnitCount(1, 3)));
        Assert.That(report.HiddenNeurons, Is.EqualTo(new UnitCount(1, 2)));
        Assert.That(report.Gates, Is.EqualTo(new UnitCount(2, 8)));
        Assert.That(report.Weights.Select(w => (w.Name, w.Total, w.Nonzero)),
            Is.EqualTo(new[] { ("weight_ih", 24L, 1L), ("weight_hh", 16L, 2L), ("dense", 4L, 2L) }));
        Assert.That(report.Compression, Is.EqualTo(44 / 5.0).Within(1e-12));
    }

    [Test]
    public void Should_CountVocabularyAndEmbeddingColumns_When_ModelHasAnEmbedding()
    {
        using var scope = NewDisposeScope();
        var embedding = Bools(new[,] { { 1, 1 }, { 0, 0 }, { 1, 0 } }); // word 1 has no weights
        var weightIh = Bools(new[,] { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 } }); // H = 1
        var weightHh = Bools(new[,] { { 1 }, { 1 }, { 1 }, { 1 } });
        var zVocabulary = tensor(new[] { true, true, false });            // word 2 dropped by z
        var zInput = tensor(new[] { true, false });                       // embedding dim 1 dropped

        var report = StructuredSparsity.Count(new RecurrentMasks(weightIh, weightHh, Embedding: embedding, ZVocabulary: zVocabulary, ZInput: zInput));

        Assert.That(report.Vocabulary, Is.EqualTo(new UnitCount(1, 3)));
        Assert.That(report.InputNeurons, Is.EqualTo(new UnitCount(1, 2)));
        Assert.That(report.Weights[0], Is.EqualTo(new WeightSparsity("embedding", 6, 1)));
        Assert.That(report.Gates, Is.EqualTo(new UnitCount(4, 4)));
    }
}
