using BayesSparse.NN.Functional;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Functional;

public sealed class IndexSelectFunctionTests
{
    [TestCase(0, false)]
    [TestCase(1, false)]
    [TestCase(0, true)]
    [TestCase(1, true)]
    public void Should_LeaveIndexSelectsGrad_When_BackwardRunsWithOrWithoutFusion(long dim, bool fused)
    {
        // Given two copies of a leaf whose .grad already holds a gradient, and indices with a repeat
        using var scope = NewDisposeScope();
        manual_seed(8);
        var init = randn(7, 9);
        var (mine, reference) = (init.clone().requires_grad_(), init.clone().requires_grad_());
        foreach (var p in new[] { mine, reference }) p.grad = ones_like(p);
        var index = tensor(new long[] { 4, 0, 4, 2 });
        var upstream = randn(dim == 0 ? [4, 9] : [7, 4]);

        // When one goes through IndexSelectFunction (inside the fused scope or not) and the other through index_select
        using (fused ? FusedGradientAccumulation.Enable() : null)
            (IndexSelectFunction.Select(mine, dim, index) * upstream).sum().backward();
        (reference.index_select(dim, index) * upstream).sum().backward();

        // Then the values and the accumulated gradients are the same
        Assert.That(IndexSelectFunction.Select(mine, dim, index).equal(reference.index_select(dim, index)).all().item<bool>(), Is.True);
        Assert.That((mine.grad! - reference.grad!).abs().max().item<float>(), Is.LessThan(1e-6));
    }
}
