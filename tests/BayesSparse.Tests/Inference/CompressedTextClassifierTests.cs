using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Tests.Data;
using BayesSparse.Text;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Inference;

[TestFixture]
public sealed class CompressedTextClassifierTests
{
    [Test]
    public void Should_EqualTheMaskedDenseModelsLogits_When_AClassifierIsCompressed()
    {
        // Given a W+G+N classifier on the IMDb slice with vocabulary entries, embedding dimensions, neurons and gates removed by hand
        var data = TextClassificationData.Load("imdb", DataFolders.Slices, steps: 60);
        manual_seed(3);
        var model = new TextClassifier(new TextClassifierConfig(data.Vocabulary.Count, 16, 12, 2, ModelKind.WGN, RecurrentNoise.Fast));
        var modules = model.named_children().ToDictionary(c => c.name, c => c.module);
        var embedding = (EmbeddingSVD)modules["embedding"];
        var lstm = (LstmSVD)modules["lstm"];
        using (no_grad())
        {
            embedding.ZVocabulary!.Mu[TensorIndex.Slice(10, data.Vocabulary.Count, 2)] = tensor(0f);  // half the words gone
            lstm.Variables.ZInput!.Mu[TensorIndex.Slice(0, 5)] = tensor(0f);       // 5 embedding dimensions gone
            lstm.Variables.ZHidden!.Mu[TensorIndex.Slice(0, 3)] = tensor(0f);      // 3 neurons gone
            lstm.Variables.ZGates!.Mu[TensorIndex.Slice(0, 6)] = tensor(0f);       // 3 input gates of kept neurons constant
            lstm.Variables.ZGates!.Mu[TensorIndex.Slice(24, 30)] = tensor(0f);     // and 3 information flows
            lstm.Bias.copy_(randn(48) * 0.5);
        }
        model.eval();
        var rows = Enumerable.Range(0, 20).ToArray();
        var (tokens, mask, _) = data.Test.Batch(rows);
        using var _ = no_grad();
        var expected = model.forward(tokens, mask);

        // When compressed, saved, loaded and run in plain .NET on the unpadded documents
        var path = Path.Combine(DataFolders.Scratch(), "imdb.bspz");
        CompressedExport.Compress(model, data.Vocabulary, 60, PaperTask.Imdb.Classes).Save(path);
        var compressed = (CompressedTextClassifier)CompressedModel.Load(path);
        var sequences = rows.Select(r => data.Test.Tokens.Skip(r * 60).Take(60).Where(t => t != ClassifierInput.Pad).ToArray()).ToArray();
        var logits = compressed.Forward(sequences);

        // Then the logits agree to 1e-4, and the structure is the one removed by hand
        var actual = tensor(logits.SelectMany(l => l).ToArray(), [20, 2]);
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-4f));
        Assert.That((compressed.Hidden, compressed.LiveGates, compressed.InputNeurons), Is.EqualTo((9, 4 * 9 - 3 - 3, 11L)));
        Assert.That(compressed.Lstm.Input.StoredIds, Is.LessThan(data.Vocabulary.Count / 2 + 10));
        // and a raw text is encoded as in training
        Assert.That(compressed.Encode("this movie was great"), Is.EqualTo(ClassifierInput.Encode("this movie was great", data.Vocabulary, 60)));
    }
}
