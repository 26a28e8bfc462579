using BayesSparse.NN.Functional;
using NUnit.Framework;
using TorchSharp;
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

    [Test]
    public void Should_KeepNoTensorAlive_When_NoGradientIsRecorded()
    {
        // Given leaves that require grad, and the live tensor count
        using var scope = NewDisposeScope();
        var source = randn(6, 4).requires_grad_();
        var logSigma = full(6, 4, -3f).requires_grad_();
        var index = tensor(new long[] { 1, 3 });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // When the selection and the KL sum run under no_grad and their results are disposed
        using (no_grad())
        {
            IndexSelectFunction.Select(source, 0, index).Dispose();
            BayesSparse.NN.Functional.SparseVD.KlDivergenceSum(source, logSigma, clip: 4).Dispose();
        }

        // Then nothing was saved for a backward that never runs
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, Is.EqualTo(0));
    }
}
