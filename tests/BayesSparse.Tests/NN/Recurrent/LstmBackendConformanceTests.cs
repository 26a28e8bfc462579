using TorchSharp;
using BayesSparse.Inference;
using BayesSparse.NN.Recurrent;
using BayesSparse.NN.Recurrent.Backends;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

/// <summary>
/// Every LSTM backend against the definition (<see cref="PerStepLstm.Reference"/>): outputs, last state and cell, and in
/// training every gradient, in float32 and float64, with z per sequence (faithful noise) and shared (fast noise, eval),
/// both gate functions, feature and token input, a removed input and hidden neuron (z zero) and constant gates (gate
/// z zero). Each backend is given only the cases it supports (so every listed case runs and counts), and runs at least
/// one. A new backend is one file and one line here.
/// </summary>
[TestFixture]
public sealed class LstmBackendConformanceTests
{
    private const int Batch = 3, Steps = 5, Input = 6;

    private static readonly Func<ILstmBackend>[] Backends =
        [() => PerStepLstm.Unrolled(), () => new FusedLstm(), () => new ConstantGatesLstm(), () => new CompressedRuntimeLstm()];

    private static IEnumerable<TestCaseData> Cases() =>
        from backend in Enumerable.Range(0, Backends.Length)
        from dtype in new[] { ScalarType.Float32, ScalarType.Float64 }
        from gates in new[] { GateActivation.Sigmoid, GateActivation.HardSigmoid }
        from perSequence in new[] { true, false }
        from tokens in new[] { false, true }
        from training in new[] { true, false }
        from hidden in new[] { 4, 13 }
        where Supports(backend, dtype, gates, perSequence, tokens, training, hidden)
        select new TestCaseData(backend, dtype, gates, perSequence, tokens, training, hidden)
            .SetName($"Should_MatchTheReference_When_{Backends[backend]().Name}_{dtype}_{gates}_{(perSequence ? "PerSequence" : "Shared")}"
                     + $"_{(tokens ? "Tokens" : "Features")}_{(training ? "Training" : "Eval")}_H{hidden}");

    private static bool Supports(int backend, ScalarType dtype, GateActivation gates, bool perSequence, bool tokens, bool training, int hidden)
    {
        using var scope = NewDisposeScope();
        return Backends[backend]().Supports(Run(dtype, gates, perSequence, tokens, training, hidden));
    }

    /// <summary>A run with random weights and z (one input neuron, one hidden neuron and some gates removed: z = 0).</summary>
    private static LstmRun Run(ScalarType dtype, GateActivation gates, bool perSequence, bool tokens, bool training, int hidden)
    {
        manual_seed(11);
        long rows = perSequence ? Batch : 1;
        Tensor Leaf(Tensor t) => t.to(dtype).requires_grad_(training);
        Tensor Z(long width, params long[] removed)
        {
            var z = rand(rows, width) + 0.5;
            foreach (long i in removed) z[TensorIndex.Colon, i] = tensor(0.0);
            return Leaf(z);
        }
        var input = tokens ? randint(0, Input, [Batch, Steps]) : Leaf(randn(Batch, Steps, Input));
        var sample = new RecurrentSample(Leaf(randn(4 * hidden, Input) * 0.5), Leaf(randn(4 * hidden, hidden) * 0.5),
            Z(Input, 2), Z(hidden, 1), Z(4 * hidden, 0, hidden + 2, 2 * hidden + 3, 3 * hidden + 1));
        return new LstmRun(input, sample, Leaf(randn(4 * hidden)), Leaf(randn(Batch, hidden) * 0.3), Leaf(randn(Batch, hidden) * 0.3),
            gates, training);
    }

    [Test]
    public void Should_RunSomeCase_When_AnyBackend()
    {
        // Given the listed cases, Then every backend is checked in at least one of them
        var checkedBackends = Cases().Select(c => (int)c.Arguments[0]!).Distinct().Count();
        Assert.That(checkedBackends, Is.EqualTo(Backends.Length));
    }

    [TestCaseSource(nameof(Cases))]
    public void Should_MatchTheReference(int backendIndex, ScalarType dtype, GateActivation gates, bool perSequence, bool tokens,
        bool training, int hidden)
    {
        // Given a run with random weights and z (one input neuron, one hidden neuron and some gates removed)
        using var scope = NewDisposeScope();
        var backend = Backends[backendIndex]();
        var run = Run(dtype, gates, perSequence, tokens, training, hidden);
        var (input, sample) = (run.Input, run.Sample);
        var leaves = new[] { tokens ? null : input, sample.WeightIh, sample.WeightHh, run.Bias, sample.ZInput, sample.ZHidden, sample.ZGates,
            run.H0, run.C0 }.OfType<Tensor>().ToArray();
        var probe = randn(Batch, Steps, hidden, dtype: dtype);

        // When the backend and the reference run it (and, in training, differentiate the same loss of all three results)
        (Tensor Output, Tensor H, Tensor C) Compute(ILstmBackend b)
        {
            if (training) return b.Run(run);
            using var _ = no_grad();
            return b.Run(run);
        }
        var (actual, expected) = (Compute(backend), Compute(PerStepLstm.Reference()));

        // Then everything agrees to float precision, relative to its size
        double tolerance = dtype == ScalarType.Float32 ? 2e-5 : 1e-10;
        void Agree(Tensor a, Tensor e, string what) =>
            Assert.That((a - e).abs().max().ToDouble(), Is.LessThanOrEqualTo(tolerance * (1 + e.abs().max().ToDouble())), what);
        Agree(actual.Output, expected.Output, "output");
        Agree(actual.H, expected.H, "h");
        Agree(actual.C, expected.C, "c");
        if (!training) return;
        Tensor[] Gradients((Tensor Output, Tensor H, Tensor C) r) =>
            [.. autograd.grad([(r.Output * probe).sum() + r.H.pow(2).sum() + 3 * r.C.sum()], leaves, allow_unused: true)];
        var (got, want) = (Gradients(actual), Gradients(expected));
        for (int i = 0; i < leaves.Length; i++) Agree(got[i], want[i], $"gradient of leaf {i}");
    }
}
