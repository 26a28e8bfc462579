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
        Assert.That(TensorAssert.Identical(output[0, 1], embedding.Weight.Mu[0].detach()), Is.True);
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
}
