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
        // Given a table of means 1 (log sigma -3: log alpha -6, kept) but one entry of 1e-5 (log alpha ~17, removed)
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3);
        using (no_grad())
        {
            embedding.Weight.Mu.fill_(1f);
            embedding.Weight.Mu[2, 1] = tensor(1e-5f);
        }
        embedding.eval();

        // When indices of shape (2, 2) are looked up
        var output = embedding.forward(tensor(new long[,] { { 2, 0 }, { 4, 2 } }));

        // Then the shape is (2, 2, 3), rows are the means, and the removed entry is exactly zero
        Assert.That(output.shape, Is.EqualTo(new long[] { 2, 2, 3 }));
        var (full, holed) = (new[] { 1f, 1f, 1f }, new[] { 1f, 0f, 1f });
        Assert.That(new[] { output[0, 0], output[0, 1], output[1, 0], output[1, 1] }.Select(r => r.data<float>().ToArray()),
            Is.EqualTo(new[] { holed, full, full, holed }));
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
        // Given a table of means 1 with vocabulary z: word 3's z mean is 0.5, word 1's z is removed (tiny mean)
        using var scope = NewDisposeScope();
        using var embedding = new EmbeddingSVD(5, 3, vocabularyZ: true);
        using (no_grad())
        {
            embedding.Weight.Mu.fill_(1f);
            embedding.ZVocabulary!.Mu.fill_(1f);
            embedding.ZVocabulary.Mu[3] = tensor(0.5f);
            embedding.ZVocabulary.Mu[1] = tensor(1e-5f);
        }
        embedding.eval();

        // When (2, 2) indices are looked up in eval
        var output = embedding.forward(tensor(new long[,] { { 3, 1 }, { 0, 3 } }));

        // Then word 3's rows are half its means, word 1's row is exactly zero, word 0's is its means
        var (half, zero, full) = (new[] { 0.5f, 0.5f, 0.5f }, new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f });
        Assert.That(new[] { output[0, 0], output[0, 1], output[1, 0], output[1, 1] }.Select(r => r.data<float>().ToArray()),
            Is.EqualTo(new[] { half, zero, full, half }));
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
