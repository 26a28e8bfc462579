using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Functional;

[TestFixture]
public sealed class LstmCellTests
{
    private const int Batch = 3, Steps = 5, Hidden = 4;

    // float32 runs the CPU kernel (LstmUnrollKernel), float64 the tensor-operation path.
    [TestCase(Batch, true, ScalarType.Float32, GateActivation.Sigmoid)]
    [TestCase(1, true, ScalarType.Float32, GateActivation.Sigmoid)]
    [TestCase(Batch, false, ScalarType.Float32, GateActivation.Sigmoid)]
    [TestCase(Batch, true, ScalarType.Float64, GateActivation.Sigmoid)]
    [TestCase(1, true, ScalarType.Float64, GateActivation.Sigmoid)]
    [TestCase(Batch, false, ScalarType.Float64, GateActivation.Sigmoid)]
    [TestCase(Batch, true, ScalarType.Float32, GateActivation.HardSigmoid)]
    [TestCase(1, false, ScalarType.Float32, GateActivation.HardSigmoid)]
    [TestCase(Batch, true, ScalarType.Float64, GateActivation.HardSigmoid)]
    [TestCase(1, false, ScalarType.Float64, GateActivation.HardSigmoid)]
    public void Should_MatchGenericAutograd_When_BackpropagatingThroughTime(int zRows, bool withZ, ScalarType dtype, GateActivation gates)
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
        var fused = LstmCell.Unroll(projection, weightHh, bias, zGates, zHidden, h0, c0, gates);
        var expected = LstmCell.Reference(projection, weightHh, bias, zGates, zHidden, h0, c0, gates);
        var viaFunction = Gradients(fused);
        var viaAutograd = Gradients(expected);
        Tensor withoutGraph;
        using (no_grad()) withoutGraph = LstmCell.Unroll(projection, weightHh, bias, zGates, zHidden, h0, c0, gates).Output;

        // Then the outputs (with and without autograd) and every gradient agree
        Assert.That((fused.Output - expected.Output).abs().max().ToDouble(), Is.LessThan(1e-6));
        Assert.That((withoutGraph - expected.Output).abs().max().ToDouble(), Is.LessThan(1e-6));
        for (int i = 0; i < leaves.Length; i++)
            Assert.That((viaFunction[i] - viaAutograd[i]).abs().max().ToDouble(), Is.LessThan(1e-5), $"leaf {i}");
        if (gates == GateActivation.HardSigmoid) // the clips were reached, so their zero slope was exercised
            Assert.That(ClippedGates(projection, weightHh, bias, zGates, zHidden, h0), Is.GreaterThan(0));
    }

    /// <summary>How many i, f, o preactivations of the first step lie beyond hard_sigmoid's clips (|pre| > 2.5).</summary>
    private static long ClippedGates(Tensor projection, Tensor weightHh, Tensor bias, Tensor? zGates, Tensor? zHidden, Tensor h0)
    {
        using var _ = no_grad();
        var sum = projection.select(1, 0) + (zHidden is null ? h0 : h0 * zHidden).matmul(weightHh.t());
        var pre = (zGates is null ? sum : sum * zGates) + bias;
        var gate = arange(4 * Hidden).div(Hidden, rounding_mode: RoundingMode.floor);
        return (pre.abs().gt(2.5) & gate.ne(2)).sum().item<long>();
    }

    [TestCase(GateActivation.Sigmoid)]
    [TestCase(GateActivation.HardSigmoid)]
    public void Should_MatchTheReference_When_SomeGatesAreConstant(GateActivation gates)
    {
        // Given z per gate component with a third of them zeroed (those gates are the constants sigmoid(b) / tanh(b)) and z^h
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        manual_seed(8);
        var projection = randn(Batch, Steps, 4 * Hidden);
        var weightHh = randn(4 * Hidden, Hidden);
        var bias = randn(4 * Hidden);
        var zGates = (randn(1, 4 * Hidden) + 1) * (arange(4 * Hidden) % 3 != 0).unsqueeze(0);
        var zHidden = randn(1, Hidden) + 1;
        var (h0, c0) = (randn(Batch, Hidden), randn(Batch, Hidden));
        var live = zGates[0].nonzero().squeeze(1);

        // When the eval path runs on the live components only, with both z folded into the weights as the layer does
        var inputGates = (projection * zGates + bias).index_select(2, live);
        var weightHhLive = (weightHh * zHidden * zGates[0].unsqueeze(1)).index_select(0, live);
        var (output, h, c) = LstmCell.UnrollWithConstantGates(inputGates, weightHhLive, live, bias, zHidden, h0 / zHidden, c0, gates);
        var expected = LstmCell.Reference(projection, weightHh, bias, zGates, zHidden, h0 / zHidden, c0, gates);

        // Then it computes the reference recurrence
        Assert.That((output - expected.Output).abs().max().ToDouble(), Is.LessThan(1e-5));
        Assert.That((c - expected.C).abs().max().ToDouble(), Is.LessThan(1e-5));
        Assert.That((h - expected.H).abs().max().ToDouble(), Is.LessThan(1e-5));
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
