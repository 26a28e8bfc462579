using BayesSparse.Data;
using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Inference;

[TestFixture]
public sealed class CompressedLanguageModelTests
{
    /// <summary>A W+G+N word model on the PTB slice with some neurons, gates and weights removed by hand.</summary>
    private static (LanguageModel Model, int[] Tokens) SparseModel(GateActivation gates)
    {
        var corpus = PtbCorpus.LoadWords(DataFolders.Slices);
        manual_seed(6);
        var model = new LanguageModel(new LanguageModelConfig(corpus.Vocabulary.Count, 24, ModelKind.WGN, GateActivation: gates));
        var lstm = (LstmSVD)model.named_children().First(c => c.name == "lstm").module;
        using (no_grad())
        {
            lstm.Variables.ZHidden!.Mu[TensorIndex.Slice(0, 6)] = tensor(0f);        // 6 neurons gone
            lstm.Variables.ZGates!.Mu[TensorIndex.Slice(24, 34)] = tensor(0f);       // 10 forget gates constant
            lstm.Variables.ZGates!.Mu[TensorIndex.Slice(72, 80)] = tensor(0f);       // 8 output gates constant
            lstm.Variables.WeightHh.Mu.mul_(rand_like(lstm.Variables.WeightHh.Mu).gt(0.7)); // 70% of W^h zero
            lstm.Bias.copy_(randn(96) * (gates == GateActivation.Sigmoid ? 0.5 : 3)); // hard_sigmoid: some constant gates clipped
        }
        model.eval();
        return (model, corpus.Test.Take(40).ToArray());
    }

    [TestCase(GateActivation.Sigmoid)]
    [TestCase(GateActivation.HardSigmoid)]
    public void Should_EqualTheMaskedDenseModelsLogits_When_Compressed(GateActivation gates)
    {
        // Given a sparse model and four real test sequences (40 steps: two output blocks of 32 steps)
        var (model, tokens) = SparseModel(gates);
        var sequences = Enumerable.Range(0, 4).Select(b => tokens.Skip(b * 10).Concat(tokens).Take(40).ToArray()).ToArray();
        using var _ = no_grad();
        var input = tensor(sequences.SelectMany(s => s.Select(t => (long)t)).ToArray(), [4, 40]);
        var expected = model.forward(input, null).Item1;                                    // (4, 40, V)

        // When compressed and run in plain .NET
        var compressed = CompressedExport.Compress(model);
        var logits = compressed.Forward(sequences);

        // Then the logits agree to 1e-4, and removed neurons and constant gates are gone
        var actual = tensor(Enumerable.Range(0, 4).SelectMany(b => Enumerable.Range(0, 40).SelectMany(t => logits.At(b, t))).ToArray(), [4, 40, compressed.Vocabulary]);
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-4f));
        // and so does the log-likelihood of the next tokens
        var targets = sequences.Select(s => s.Skip(1).Append(s[0]).ToArray()).ToArray();
        var torchLoss = nn.functional.cross_entropy(expected.reshape(-1, compressed.Vocabulary),
            tensor(targets.SelectMany(s => s.Select(t => (long)t)).ToArray()), reduction: nn.Reduction.Sum).item<float>();
        Assert.That(logits.NegativeLogLikelihood(targets), Is.EqualTo(torchLoss).Within(1e-3).Percent);
        Assert.That(compressed.Hidden, Is.EqualTo(18));
        // 18 kept neurons x 4 gates, less the forget gates of neurons 6-9 and the output gates of 6-7
        Assert.That(compressed.LiveGates, Is.EqualTo(4 * 18 - 4 - 2));
    }

    [TestCase(GateActivation.Sigmoid)]
    [TestCase(GateActivation.HardSigmoid)]
    public void Should_RoundTrip_And_RejectCorruptFiles_When_Saved(GateActivation gates)
    {
        var (model, tokens) = SparseModel(gates);
        var compressed = CompressedExport.Compress(model);
        var path = Path.Combine(DataFolders.Scratch(), "model.bspz");
        compressed.Save(path);
        var loaded = (CompressedLanguageModel)CompressedModel.Load(path);
        Assert.That(loaded.Lstm.Gates, Is.EqualTo(gates));
        Assert.That(loaded.Forward([tokens]).At(0, tokens.Length - 1), Is.EqualTo(compressed.Forward([tokens]).At(0, tokens.Length - 1)));

        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        Assert.That(Assert.Throws<DataException>(() => CompressedModel.Load(path))!.Message, Does.Contain("checksum"));
        File.WriteAllText(path, "not a model");
        Assert.That(Assert.Throws<DataException>(() => CompressedModel.Load(path))!.Message, Does.Contain("not a BayesSparse compressed model"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Assert.That(Assert.Throws<DataException>(() => CompressedModel.Load(path))!.Message, Does.Contain("truncated"));
    }
}
