using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

/// <summary>The private fused kernels a layer copies its weights into: lent to one call at a time, one kept waiting per device.</summary>
[TestFixture]
public sealed class FusedKernelsTests
{
    private static FusedKernels Lstms() => new((width, hidden, device) => nn.LSTM(width, hidden, batchFirst: true, device: device));

    [Test]
    public void Should_ReuseTheKernel_When_TheWidthsStayTheSame()
    {
        using var kernels = Lstms();
        nn.Module first;
        using (var lease = kernels.Lend(4, 3, CPU)) first = lease.Kernel;
        using (var lease = kernels.Lend(4, 3, CPU)) Assert.That(lease.Kernel, Is.SameAs(first));
        Assert.That(kernels.Idle, Is.EqualTo(1));
    }

    [Test]
    public void Should_LendAnotherKernel_When_TheFirstIsStillHeld()
    {
        using var kernels = Lstms();
        using var held = kernels.Lend(4, 3, CPU);     // a graph not yet differentiated
        using var other = kernels.Lend(4, 3, CPU);
        Assert.That(other.Kernel, Is.Not.SameAs(held.Kernel), "both graphs differentiate the weights they ran with");
    }

    [Test]
    public void Should_KeepOneKernelWaiting_When_TheWidthsChange()
    {
        using var kernels = Lstms();
        nn.Module old;
        using (var lease = kernels.Lend(4, 3, CPU)) old = lease.Kernel;
        using (kernels.Lend(5, 3, CPU)) { }    // a batch with more distinct words
        using (var cut = kernels.Lend(4, 2, CPU))
        {
            Assert.That(cut.Kernel, Is.Not.SameAs(old));
            Assert.That(kernels.Idle, Is.EqualTo(0), "a kernel per width seen held every one's weights for good");
            using var input = randn(2, 5, 4);
            using var h0 = zeros(1, 2, 2);
            using var c0 = zeros(1, 2, 2);
            var outputs = FusedKernels.Invoke(cut.Kernel, input, [h0, c0]);
            Assert.That(outputs[0].shape, Is.EqualTo(new long[] { 2, 5, 2 }));
            foreach (var output in outputs) output.Dispose();
        }
        Assert.That(kernels.Idle, Is.EqualTo(1));
    }

    [TestCase(new long[] { 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, TestName = "Should_AccumulateGradients_When_TwoBatchesOfOtherWidthsRunBeforeOneBackward")]
    [TestCase(new long[] { 7, 8, 9, 10, 11, 12, 7, 8, 9, 10 }, TestName = "Should_AccumulateGradients_When_TwoBatchesOfTheSameWidthRunBeforeOneBackward")]
    public void Should_AccumulateGradients_When_TwoBatchesRunBeforeOneBackward(long[] secondTokens)
    {
        // Given a word LSTM in fast noise (the fused kernel) and two batches: 6 distinct words, then 10 or 6 others
        manual_seed(3);
        using var layer = new LstmSVD(30, 6, SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Fast);
        using var first = tensor(new long[] { 1, 2, 3, 4, 5, 6, 1, 2 }).reshape(2, 4);
        using var second = tensor(secondTokens).reshape(2, 5);
        Tensor[] Gradients() => [.. layer.parameters().Select(p => p.grad is { } g ? g.clone() : zeros_like(p))];

        // When both run before one backward (gradient accumulation), and when each runs its own backward
        manual_seed(4);
        using (var loss = layer.forward(first, null).Item1.sum() + layer.forward(second, null).Item1.sum()) loss.backward();
        var together = Gradients();
        layer.zero_grad();
        manual_seed(4);
        using (var loss = layer.forward(first, null).Item1.sum()) loss.backward();
        using (var loss = layer.forward(second, null).Item1.sum()) loss.backward();
        var apart = Gradients();

        // Then the first batch's backward still finds its kernel, and the gradients agree
        Assert.That(layer.Backend, Is.EqualTo("fused"));
        foreach (var (a, b) in together.Zip(apart)) Assert.That(a.allclose(b, rtol: 1e-5, atol: 1e-6), Is.True);
    }
}
