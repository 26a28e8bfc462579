using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

/// <summary>
/// The LSTM backends that fold z into weights (libtorch's fused kernel in eval and fast mode; the compressed
/// runtime's engine, which also drops removed neurons and constant gates) against <see cref="LstmCell.Reference"/>,
/// fed the layer's unfolded eval weights. (<c>LstmCellTests</c> covers the per-step unroll.)
/// </summary>
[TestFixture]
public sealed class LstmBackendTests
{
    private const long Batch = 3, Steps = 7, Vocabulary = 30, Hidden = 6;

    /// <summary>A W+G+N word model whose z are far from 1, with a neuron removed and gates made constant by hand.</summary>
    private static LanguageModel Model()
    {
        manual_seed(11);
        var model = new LanguageModel(new LanguageModelConfig(Vocabulary, Hidden, ModelKind.WGN));
        var lstm = (LstmSVD)model.named_children().First(c => c.name == "lstm").module;
        using (no_grad())
        {
            foreach (var z in new[] { lstm.Variables.ZHidden!, lstm.Variables.ZGates! }) z.Mu.copy_(rand_like(z.Mu) + 0.5);
            lstm.Variables.ZHidden!.Mu[1] = tensor(0f);                                 // neuron 1 gone
            lstm.Variables.ZGates!.Mu[TensorIndex.Slice(Hidden, Hidden + 3)] = tensor(0f);   // 3 forget gates constant
            lstm.Bias.copy_(randn(4 * Hidden) * 0.5);
        }
        model.eval();
        return model;
    }

    /// <summary>The reference recurrence on the model's eval weights (W^x columns read one-hot; a word model has no z^x).</summary>
    private static Tensor ReferenceLogits(LanguageModel model, Tensor tokens)
    {
        var w = model.EvalWeights();
        var projection = w["lstm.weight_ih"].t().index_select(0, tokens.reshape(-1)).reshape(Batch, Steps, 4 * Hidden);
        var state = zeros(Batch, Hidden);
        var (output, _, _) = LstmCell.Reference(projection, w["lstm.weight_hh"], w["lstm.bias"], w["lstm.z_gates"].unsqueeze(0),
            w["lstm.z_hidden"].unsqueeze(0), state, state);
        return output.matmul(w["dense.weight"].t()) + w["dense.bias"];
    }

    [Test]
    public void Should_MatchTheReference_When_ZIsFoldedIntoTheFusedKernel()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Given a layer with every group variable far from 1 and all gates live (eval runs libtorch's kernel on
        // weights with z^x, z^h and the gate z folded in)
        manual_seed(12);
        using var layer = new LstmSVD(5, Hidden, SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Fast);
        foreach (var z in new[] { layer.Variables.ZInput!, layer.Variables.ZHidden!, layer.Variables.ZGates! }) z.Mu.copy_(rand_like(z.Mu) + 0.5);
        layer.Bias.copy_(randn(4 * Hidden) * 0.5);
        layer.eval();
        var input = randn(Batch, Steps, 5);

        // When run, then its outputs are the reference's on the unfolded eval weights
        var (output, _, _) = layer.forward(input, null);
        var w = layer.EvalWeights();
        var state = zeros(Batch, Hidden);
        var (expected, _, _) = LstmCell.Reference((input * w["z_input"]).matmul(w["weight_ih"].t()), w["weight_hh"], w["bias"],
            w["z_gates"].unsqueeze(0), w["z_hidden"].unsqueeze(0), state, state);
        Assert.That((output - expected).abs().max().item<float>(), Is.LessThan(1e-5f));
    }

    [TestCase(5, 6, GateActivation.Sigmoid)]
    [TestCase(50, 1000, GateActivation.Sigmoid)]
    [TestCase(5, 6, GateActivation.HardSigmoid)]
    public void Should_MatchTheReference_When_TheDenseLstmRunsWithoutGradients(long input, long hidden, GateActivation gates)
    {
        // Given the Original's LSTM at the PTB char shape (50 one-hot inputs, 1000 hidden), where libtorch's
        // inference kernel was off by up to 0.13, and a small one (with sigmoid or hard_sigmoid gates)
        using var scope = NewDisposeScope();
        manual_seed(13);
        using var layer = new DenseLstm(input, hidden, gateActivation: gates);
        using (no_grad()) layer.Bias.copy_(randn(4 * hidden) * 0.5);
        var x = randn(Batch, Steps, input);

        // When it runs under no_grad, then its outputs are the reference's
        using var _ = no_grad();
        var (output, _, _) = layer.forward(x, null);
        var state = zeros(Batch, hidden);
        var (expected, _, _) = LstmCell.Reference(x.matmul(layer.WeightIh.t()), layer.WeightHh, layer.Bias, null, null, state, state, gates);
        Assert.That((output - expected).abs().max().item<float>(), Is.LessThan(1e-5f));
    }

    [Test]
    public void Should_MatchTheReference_When_CompressedWithRemovedNeuronsAndConstantGates()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Given a model with a removed neuron and constant gates
        using var model = Model();
        var tokens = randint(0, Vocabulary, [Batch, Steps]);

        // When compressed and run in plain .NET
        var compressed = CompressedExport.Compress(model);
        var sequences = Enumerable.Range(0, (int)Batch).Select(b => tokens[b].data<long>().Select(t => (int)t).ToArray()).ToArray();
        var logits = compressed.Forward(sequences);

        // Then its logits are the reference's, with the neuron and the 3 gates gone
        var actual = tensor(Enumerable.Range(0, (int)Batch).SelectMany(b => Enumerable.Range(0, (int)Steps).SelectMany(t => logits.At(b, t))).ToArray(),
            [Batch, Steps, Vocabulary]);
        Assert.That((actual - ReferenceLogits(model, tokens)).abs().max().item<float>(), Is.LessThan(1e-5f));
        Assert.That(compressed.Hidden, Is.EqualTo(Hidden - 1));
        Assert.That(compressed.LiveGates, Is.EqualTo(4 * (Hidden - 1) - 2), "forget gates 0 and 2 constant; gate 1 went with its neuron");
    }
}
