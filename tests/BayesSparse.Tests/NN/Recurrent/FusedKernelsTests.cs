using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

/// <summary>The private fused kernels a layer copies its weights into: one per device, for the widths in use.</summary>
[TestFixture]
public sealed class FusedKernelsTests
{
    private static FusedKernels Lstms() => new((width, hidden, device) => nn.LSTM(width, hidden, batchFirst: true, device: device));

    [Test]
    public void Should_ReuseTheKernel_When_TheWidthsStayTheSame()
    {
        using var kernels = Lstms();
        var first = kernels.Get(4, 3, CPU);
        Assert.That(kernels.Get(4, 3, CPU), Is.SameAs(first));
        Assert.That(kernels.Count, Is.EqualTo(1));
    }

    [Test]
    public void Should_HoldOneKernel_When_TheWidthsChange()
    {
        using var kernels = Lstms();
        var uncut = kernels.Get(4, 3, CPU);
        _ = kernels.Get(5, 3, CPU);   // a batch with more distinct words
        var cut = kernels.Get(4, 2, CPU);
        Assert.That(cut, Is.Not.SameAs(uncut));
        Assert.That(kernels.Count, Is.EqualTo(1), "a kernel per width seen held every one's weights for good");
        using var input = randn(2, 5, 4);
        using var h0 = zeros(1, 2, 2);
        using var c0 = zeros(1, 2, 2);
        var outputs = FusedKernels.Invoke(cut, input, [h0, c0]);
        Assert.That(outputs[0].shape, Is.EqualTo(new long[] { 2, 5, 2 }));
        foreach (var output in outputs) output.Dispose();
    }
}
