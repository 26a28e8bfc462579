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
    private static (Tensor Output, Tensor H, Tensor C) Reference(Tensor projection, Tensor weightHh, Tensor bias,
        Tensor? zGates, Tensor? zHidden, Tensor h, Tensor c)
    {
        var outputs = new List<Tensor>();
        for (int t = 0; t < Steps; t++)
        {
            var recurrent = (zHidden is null ? h : h * zHidden).matmul(weightHh.t());
            var sum = projection[.., t] + recurrent;
            var pre = (zGates is null ? sum : sum * zGates) + bias;
            var gates = pre.chunk(4, 1);
            c = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh();
            h = gates[3].sigmoid() * c.tanh();
            outputs.Add(zHidden is null ? h : h * zHidden);
        }
        return (stack(outputs, 1), h, c);
    }

    // float32 runs the CPU kernel (LstmUnrollKernel), float64 the tensor-operation path.
    [TestCase(Batch, true, ScalarType.Float32)]
    [TestCase(1, true, ScalarType.Float32)]
    [TestCase(Batch, false, ScalarType.Float32)]
    [TestCase(Batch, true, ScalarType.Float64)]
    [TestCase(1, true, ScalarType.Float64)]
    [TestCase(Batch, false, ScalarType.Float64)]
    public void Should_MatchGenericAutograd_When_BackpropagatingThroughTime(int zRows, bool withZ, ScalarType dtype)
    {
        // Given random inputs, state and z per sequence (or shared), all requiring gradients
        using var scope = NewDisposeScope();
        manual_seed(7);
        var projection = randn(Batch, Steps, 4 * Hidden, dtype: dtype).requires_grad_();
        var weightHh = randn(4 * Hidden, Hidden, dtype: dtype).requires_grad_();
        var bias = randn(4 * Hidden, dtype: dtype).requires_grad_();
        var zGates = withZ ? (randn(zRows, 4 * Hidden, dtype: dtype) + 1).requires_grad_() : null;
        var zHidden = withZ ? (randn(zRows, Hidden, dtype: dtype) + 1).requires_grad_() : null;
        var h0 = randn(Batch, Hidden, dtype: dtype).requires_grad_();
        var c0 = randn(Batch, Hidden, dtype: dtype).requires_grad_();
        var leaves = new[] { projection, weightHh, bias, zGates, zHidden, h0, c0 }.OfType<Tensor>().ToArray();
        var probe = randn(Batch, Steps, Hidden, dtype: dtype);

        // When the hand-written backward and generic autograd differentiate the same loss of all three outputs
        Tensor[] Gradients((Tensor Output, Tensor H, Tensor C) r) =>
            [.. autograd.grad([(r.Output * probe).sum() + r.H.pow(2).sum() + 3 * r.C.sum()], leaves)];
        var fused = LstmCell.Unroll(projection, weightHh, bias, zGates, zHidden, h0, c0);
        var expected = Reference(projection, weightHh, bias, zGates, zHidden, h0, c0);
        var viaFunction = Gradients(fused);
        var viaAutograd = Gradients(expected);
        Tensor withoutGraph;
        using (no_grad()) withoutGraph = LstmCell.Unroll(projection, weightHh, bias, zGates, zHidden, h0, c0).Output;

        // Then the outputs (with and without autograd) and every gradient agree
        Assert.That((fused.Output - expected.Output).abs().max().ToDouble(), Is.LessThan(1e-6));
        Assert.That((withoutGraph - expected.Output).abs().max().ToDouble(), Is.LessThan(1e-6));
        for (int i = 0; i < leaves.Length; i++)
            Assert.That((viaFunction[i] - viaAutograd[i]).abs().max().ToDouble(), Is.LessThan(1e-5), $"leaf {i}");
    }

    [Test]
    public void Should_KeepLiveTensorsFlat_When_OnlyTheSequenceIsUsed()
    {
        // Given repeated forward and backward passes that use the sequence output only
        var weightHh = randn(4 * Hidden, Hidden).requires_grad_();
        long Step()
        {
            using var scope = NewDisposeScope();
            var (output, _, _) = LstmCell.Unroll(randn(Batch, Steps, 4 * Hidden), weightHh, zeros(4 * Hidden), null, null, zeros(Batch, Hidden), zeros(Batch, Hidden));
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
