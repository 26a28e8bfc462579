using BayesSparse.NN;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN;

[TestFixture]
public sealed class EmbeddingSVDTests
{
    [Test]
    public void Should_LookUpMaskedRows_When_Eval()
    {
        // Given a table with one entry far above the threshold
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3);
        using (no_grad()) embedding.Weight.Mu[2, 1] = tensor(1e-5f);
        embedding.eval();

        // When indices of shape (2, 2) are looked up
        var output = embedding.forward(tensor(new long[,] { { 2, 0 }, { 4, 2 } }));

        // Then the shape is (2, 2, 3), rows equal the means, and the removed entry is exactly zero
        Assert.That(output.shape, Is.EqualTo(new long[] { 2, 2, 3 }));
        var means = embedding.Weight.MaskedMean(embedding.Options); // a normal mean can fall below the threshold too
        Assert.That(TensorAssert.Identical(output[0, 1], means[0]), Is.True);
        Assert.That(output[0, 0, 1].item<float>(), Is.EqualTo(0f));
        Assert.That(output[1, 1, 1].item<float>(), Is.EqualTo(0f));
    }

    [Test]
    public void Should_ShareOneSampleAcrossTheBatch_When_Training()
    {
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3);
        embedding.train();
        var output = embedding.forward(tensor(new long[] { 1, 1 }));
        Assert.That(TensorAssert.Identical(output[0], output[1]), Is.True, "one table sample per forward call");
        Assert.That(TensorAssert.Identical(output[0], embedding.Weight.Mu[1].detach()), Is.False, "noise is injected");
    }

    [Test]
    public void Should_ScaleEachWordsRowByItsZ_When_VocabularyZ()
    {
        // Given a table with vocabulary z: word 3's z mean is 0.5, word 1's z is removed (tiny mean)
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3, vocabularyZ: true);
        using (no_grad())
        {
            embedding.ZVocabulary!.Mu[3] = tensor(0.5f);
            embedding.ZVocabulary.Mu[1] = tensor(1e-5f);
        }
        embedding.eval();

        // When (2, 2) indices are looked up in eval
        var output = embedding.forward(tensor(new long[,] { { 3, 1 }, { 0, 3 } }));

        // Then word 3's rows are half its (masked) means, word 1's row is exactly zero, word 0's is its mean
        var means = embedding.Weight.MaskedMean(embedding.Options);
        Assert.That((output[0, 0] - means[3] * 0.5).abs().max().item<float>(), Is.LessThan(1e-6));
        Assert.That(TensorAssert.Identical(output[1, 1], output[0, 0]), Is.True);
        Assert.That(output[0, 1].abs().max().item<float>(), Is.EqualTo(0f));
        Assert.That(TensorAssert.Identical(output[1, 0], means[0]), Is.True);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Should_DrawVocabularyZPerSequenceOrPerBatch_When_Training(bool perSequence)
    {
        // Given vocabulary z with a large variance, sampled per sequence or once per batch
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3, vocabularyZ: true, zPerSequence: perSequence);
        using (no_grad()) embedding.ZVocabulary!.LogSigma.fill_(0f);
        embedding.train();

        // When word 2 appears twice in each of two sequences
        var output = embedding.forward(tensor(new long[,] { { 2, 2 }, { 2, 2 } }));

        // Then within a sequence its rows agree, and across sequences only when z is shared
        Assert.That(TensorAssert.Identical(output[0, 0], output[0, 1]), Is.True);
        Assert.That(TensorAssert.Identical(output[0, 0], output[1, 0]), Is.EqualTo(!perSequence));
    }
}
