using Onnx;
using static BayesSparse.Onnx.OnnxGraph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace BayesSparse.Onnx;

/// <summary>
/// Dense models with random weights as a user would run them on ONNX Runtime, for the inference benchmark (their
/// speed does not depend on the values). A classifier is an embedding lookup feeding ONNX's own LSTM operator, as
/// exporting an embedding and an LSTM from PyTorch gives; a language model reads one-hot ids, which the LSTM operator
/// cannot take as a lookup, so it is the same Scan graph as an export with every gate live.
/// </summary>
internal static class DenseOnnxModels
{
    /// <summary>A classifier: embedding (vocabulary, E), LSTM (E to H), output (H to classes); all sequences of one length.</summary>
    public static ModelProto Classifier(int vocabulary, int embedding, int hidden, int classes, int steps, int seed)
    {
        var random = new Random(seed);
        float[] Random(long count) => [.. Enumerable.Range(0, checked((int)count)).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        var graph = new OnnxGraph("dense_classifier");
        graph.Declare(true, "ids", DataType.Int64, "batch", "steps");
        var x = graph.Node("Gather", [graph.Floats("embedding", Random((long)vocabulary * embedding), vocabulary, embedding),
            graph.Node("Transpose", ["ids"], Attribute("perm", 1L, 0L))]);
        var lstm = graph.Node("LSTM", [x, graph.Floats("w", Random(4L * hidden * embedding), 1, 4 * hidden, embedding),
            graph.Floats("r", Random(4L * hidden * hidden), 1, 4 * hidden, hidden), graph.Floats("b", Random(8L * hidden), 1, 8 * hidden)], 3,
            Attribute("hidden_size", (long)hidden));
        var last = graph.Node("Squeeze", [lstm[1], graph.Longs("direction_axis", [0L], 1)]);
        var logits = graph.Node("Add", [graph.Node("MatMul", [last, graph.Floats("output_t", Random((long)hidden * classes), hidden, classes)]),
            graph.Floats("output_bias", Random(classes), classes)]);
        graph.Rename(logits, "logits");
        graph.Declare(false, "logits", DataType.Float, "batch", classes);
        return OnnxExport.Model(graph, OnnxMetadata.Classifier, Words(vocabulary), [.. Enumerable.Range(0, classes).Select(c => $"class {c}")], steps);
    }

    /// <summary>A language model: one-hot ids (vocabulary) into an LSTM of <paramref name="hidden"/> neurons, output (H to vocabulary).</summary>
    public static ModelProto LanguageModel(int vocabulary, int hidden, int seed)
    {
        var lstm = LstmWeights.Dense(vocabulary, hidden, seed);
        var random = new Random(seed + 1);
        var head = new OnnxExport.OutputHead([.. Enumerable.Range(0, hidden * vocabulary).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)],
            new float[vocabulary], vocabulary);
        return OnnxExport.LanguageModel(lstm, head, Words(vocabulary));
    }

    private static string[] Words(int count) => [.. Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
