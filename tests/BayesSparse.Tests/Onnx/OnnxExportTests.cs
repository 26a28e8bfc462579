using BayesSparse.Inference;
using BayesSparse.Onnx;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using static BayesSparse.Tests.Onnx.SyntheticModels;

namespace BayesSparse.Tests.Onnx;

/// <summary>An exported graph on ONNX Runtime computes what the plain-.NET runtime computes, for every structure export folds.</summary>
[TestFixture]
public sealed class OnnxExportTests
{
    private static string Exported(CompressedModel model, string name)
    {
        var path = Path.Combine(DataFolders.Scratch(), name + ".onnx");
        OnnxExport.Save(model, path);
        return path;
    }

    [TestCase(GateActivation.Sigmoid, Gates.Mixed, false)]
    [TestCase(GateActivation.HardSigmoid, Gates.Mixed, true)]
    [TestCase(GateActivation.HardSigmoid, Gates.NoLiveG, false)]
    [TestCase(GateActivation.Sigmoid, Gates.AllLive, true)]
    [TestCase(GateActivation.Sigmoid, Gates.NoneLive, false)]
    public void Should_MatchThePlainRuntimesLogits_When_AClassifierIsExported(GateActivation activation, Gates gates, bool csr)
    {
        // Given a compressed classifier with removed ids and constant gates, and documents of different lengths
        var model = Classifier(activation, gates, csr);
        var documents = Sequences(6, model.Lstm.Input.Ids, 1, 12, seed: 7);

        // When it is exported and run on ONNX Runtime, the documents padded into one batch
        using var onnx = OnnxSequenceModel.Load(Exported(model, $"classifier-{activation}-{gates}"));
        var actual = onnx.Classify(documents);

        // Then every logit agrees with the plain-.NET runtime to 1e-5, and the metadata round-trips
        var expected = model.Forward(documents);
        for (int d = 0; d < documents.Length; d++) Assert.That(actual[d], Is.EqualTo(expected[d]).Within(1e-5f), $"document {d}");
        Assert.That((onnx.Kind, onnx.Steps, onnx.Classes, onnx.Words), Is.EqualTo((OnnxMetadata.Classifier, model.Steps, model.Classes, model.Words)));
        Assert.That(onnx.Encode("w5 w9 unknown"), Is.EqualTo(model.Encode("w5 w9 unknown")));
    }

    [TestCase(GateActivation.Sigmoid, Gates.Mixed, true)]
    [TestCase(GateActivation.HardSigmoid, Gates.Mixed, false)]
    [TestCase(GateActivation.HardSigmoid, Gates.NoLiveG, true)]
    public void Should_MatchThePlainRuntimesLogits_When_ALanguageModelContinuesFromItsState(GateActivation activation, Gates gates, bool csr)
    {
        // Given a compressed language model and two batches of 3 sequences, the second continuing the first
        var model = LanguageModel(activation, gates, csr);
        var first = Sequences(3, model.Vocabulary, 5, 5, seed: 3);
        var second = Sequences(3, model.Vocabulary, 4, 4, seed: 4);

        // When both run on ONNX Runtime with the state carried
        using var onnx = OnnxSequenceModel.Load(Exported(model, $"lm-{activation}-{gates}"));
        var (h, c) = (new float[3 * onnx.Hidden], new float[3 * onnx.Hidden]);
        var actual = new[] { onnx.Continue(first, h, c), onnx.Continue(second, h, c) };

        // Then the logits after every token agree with the plain-.NET runtime's to 1e-5
        var state = model.NewState(3);
        var expected = new[] { model.Forward(first, state), model.Forward(second, state) };
        int vocabulary = model.Vocabulary;
        for (int call = 0; call < 2; call++)
            for (int b = 0; b < 3; b++)
                for (int t = 0; t < expected[call].Steps; t++)
                    Assert.That(actual[call].AsSpan(((b * expected[call].Steps) + t) * vocabulary, vocabulary).ToArray(),
                        Is.EqualTo(expected[call].At(b, t)).Within(1e-5f), $"call {call}, sequence {b}, step {t}");
        Assert.That(onnx.Hidden, Is.EqualTo(model.Hidden));
    }

    [Test]
    public void Should_HoldOnlyTheLiveStructure_When_AModelIsExported()
    {
        // Given a classifier whose every third id is removed and a third of whose gates are constant
        var model = Classifier(GateActivation.Sigmoid, Gates.Mixed, csr: true);

        // When it is exported
        var graph = OnnxExport.ToOnnx(model).Graph;

        // Then its input table holds the kept ids plus one zero row, over the live gates only, and the recurrence is a Scan
        var table = graph.Initializer.Single(t => t.Name.Contains("input_table"));
        Assert.That(table.Dims, Is.EqualTo(new long[] { model.Lstm.Input.StoredIds + 1, model.LiveGates }));
        Assert.That(model.LiveGates, Is.LessThan(4 * model.Hidden));
        Assert.That(graph.Node.Select(n => n.OpType), Does.Contain("Scan").And.Not.Contain("LSTM"));
    }
}
