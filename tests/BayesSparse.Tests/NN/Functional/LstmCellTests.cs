using BayesSparse.NN.Functional;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Functional;

[TestFixture]
public sealed class LstmCellTests
{
    private const int Batch = 3, Steps = 5, Hidden = 4;

    /// <summary>The recurrence written out step by step, differentiated by generic autograd.</summary>
    private static (Tensor Output, Tensor H, Tensor C) Reference(Tensor inputGates, Tensor weightHh, Tensor? zGates,
        Tensor? zHidden, Tensor h, Tensor c)
    {
        var outputs = new List<Tensor>();
        for (int t = 0; t < Steps; t++)
        {
            var recurrent = (zHidden is null ? h : h * zHidden).matmul(weightHh.t());
            var pre = inputGates[.., t] + (zGates is null ? recurrent : recurrent * zGates);
            var gates = pre.chunk(4, 1);
            c = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh();
            h = gates[3].sigmoid() * c.tanh();
            outputs.Add(zHidden is null ? h : h * zHidden);
        }
        return (stack(outputs, 1), h, c);
    }

    [TestCase(Batch, true)]
    [TestCase(1, true)]
    [TestCase(Batch, false)]
    public void Should_MatchGenericAutograd_When_BackpropagatingThroughTime(int zRows, bool withZ)
    {
        // Given random inputs, state and z per sequence (or shared), all requiring gradients
        using var scope = NewDisposeScope();
        manual_seed(7);
        var inputGates = randn(Batch, Steps, 4 * Hidden).requires_grad_();
        var weightHh = randn(4 * Hidden, Hidden).requires_grad_();
        var zGates = withZ ? (randn(zRows, 4 * Hidden) + 1).requires_grad_() : null;
        var zHidden = withZ ? (randn(zRows, Hidden) + 1).requires_grad_() : null;
        var h0 = randn(Batch, Hidden).requires_grad_();
        var c0 = randn(Batch, Hidden).requires_grad_();
        var leaves = new[] { inputGates, weightHh, zGates, zHidden, h0, c0 }.OfType<Tensor>().ToArray();
        var probe = randn(Batch, Steps, Hidden);

        // When the hand-written backward and generic autograd differentiate the same loss of all three outputs
        Tensor[] Gradients((Tensor Output, Tensor H, Tensor C) r) =>
            [.. autograd.grad([(r.Output * probe).sum() + r.H.pow(2).sum() + 3 * r.C.sum()], leaves)];
        var fused = LstmCell.Unroll(inputGates, weightHh, zGates, zHidden, h0, c0);
        var expected = Reference(inputGates, weightHh, zGates, zHidden, h0, c0);
        var viaFunction = Gradients(fused);
        var viaAutograd = Gradients(expected);

        // Then the outputs and every gradient agree
        Assert.That((fused.Output - expected.Output).abs().max().item<float>(), Is.LessThan(1e-6));
        for (int i = 0; i < leaves.Length; i++)
            Assert.That((viaFunction[i] - viaAutograd[i]).abs().max().item<float>(), Is.LessThan(1e-5), $"leaf {i}");
    }

    [Test]
    public void Should_KeepLiveTensorsFlat_When_OnlyTheSequenceIsUsed()
    {
        // Given repeated forward and backward passes that use the sequence output only
        var weightHh = randn(4 * Hidden, Hidden).requires_grad_();
        long Step()
        {
            using var scope = NewDisposeScope();
            var (output, _, _) = LstmCell.Unroll(randn(Batch, Steps, 4 * Hidden), weightHh, null, null, zeros(Batch, Hidden), zeros(Batch, Hidden));
            output.sum().backward();
            weightHh.grad!.zero_();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }

        // When it runs 20 times after a warm-up
        long before = Step();
        for (int i = 0; i < 20; i++) Step();

        // Then no tensor is left behind
        Assert.That(Step(), Is.EqualTo(before));
    }
}
