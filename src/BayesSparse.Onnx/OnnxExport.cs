using System.Text.Json;
using BayesSparse.Inference;
using Google.Protobuf;
using Onnx;
using static BayesSparse.Onnx.OnnxGraph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace BayesSparse.Onnx;

/// <summary>
/// Writes a compressed model as an ONNX graph (opset <see cref="Opset"/>) that any ONNX runtime runs: the shapes after
/// removal, constant gates folded, the input as a lookup (<see cref="LstmGraph"/>).
/// <list type="bullet">
/// <item>Classifier: input <c>ids</c> (batch, steps) int64, each document's ids as <see cref="CompressedTextClassifier.Encode"/>
/// gives them, padded at the end with -1; output <c>logits</c> (batch, classes) from h after each document's last id.</item>
/// <item>Language model: inputs <c>ids</c> (batch, steps) and the state <c>h0</c>, <c>c0</c> (batch, kept neurons; zeros to
/// start); outputs <c>logits</c> (batch, steps, vocabulary) after every id, and <c>h</c>, <c>c</c> to continue from.</item>
/// </list>
/// The metadata (<see cref="OnnxMetadata"/>) carries the vocabulary, the class names and the document length.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    private const int IrVersion = 8;

    /// <summary>The graph of <paramref name="model"/>.</summary>
    public static ModelProto ToOnnx(CompressedModel model)
    {
        var weights = LstmWeights.From(model.Lstm);
        var output = MatrixFormat.Dense(model.Output);
        var head = new OutputHead(output.Transposed(output.Rows), model.OutputBias, output.Rows);
        return model switch
        {
            CompressedTextClassifier classifier => Classifier(weights, head, classifier.Words, classifier.Classes, classifier.Steps),
            CompressedLanguageModel => LanguageModel(weights, head, model.Words),
            _ => throw new ArgumentException($"unknown compressed model {model.GetType().Name}"),
        };
    }

    /// <summary>Writes the graph of <paramref name="model"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Save(CompressedModel model, string path)
    {
        var graph = ToOnnx(model);
        AtomicFile.Write(path, graph.WriteTo);
    }

    /// <summary>The output layer, transposed for h W: (kept neurons, outputs), and its bias.</summary>
    internal sealed record OutputHead(float[] WeightT, float[] Bias, int Outputs);

    /// <summary>A classifier over <paramref name="lstm"/>: logits from h after each sequence's last non-padding id.</summary>
    internal static ModelProto Classifier(LstmWeights lstm, OutputHead head, IReadOnlyList<string> words, IReadOnlyList<string> classes, int steps)
    {
        var graph = new OnnxGraph("classifier");
        graph.Declare(true, "ids", DataType.Int64, "batch", "steps");
        var zeros = graph.Node("ConstantOfShape", [graph.Node("Concat", [graph.Node("Shape", ["ids"], Attribute("end", 1L)),
            graph.Longs("hidden", [(long)lstm.Hidden], 1)], Attribute("axis", 0L))]);
        var values = LstmGraph.Emit(graph, lstm, "ids", zeros, zeros);
        var last = LastOutputs(graph, values);
        var logits = graph.Node("Add", [graph.Node("MatMul", [last, graph.Floats("output_t", head.WeightT, lstm.Hidden, head.Outputs)]),
            graph.Floats("output_bias", head.Bias, head.Outputs)]);
        graph.Rename(logits, "logits");
        graph.Declare(false, "logits", DataType.Float, "batch", head.Outputs);
        return Model(graph, OnnxMetadata.Classifier, words, classes, steps);
    }

    /// <summary>A language model over <paramref name="lstm"/>: logits after every id, and the state to continue from.</summary>
    internal static ModelProto LanguageModel(LstmWeights lstm, OutputHead head, IReadOnlyList<string> words)
    {
        var graph = new OnnxGraph("language_model");
        graph.Declare(true, "ids", DataType.Int64, "batch", "steps");
        graph.Declare(true, "h0", DataType.Float, "batch", lstm.Hidden);
        graph.Declare(true, "c0", DataType.Float, "batch", lstm.Hidden);
        var values = LstmGraph.Emit(graph, lstm, "ids", "h0", "c0");
        var logits = graph.Node("Transpose", [graph.Node("Add", [graph.Node("MatMul", [values.Outputs, graph.Floats("output_t", head.WeightT, lstm.Hidden, head.Outputs)]),
            graph.Floats("output_bias", head.Bias, head.Outputs)])], Attribute("perm", 1L, 0L, 2L));
        graph.Rename(logits, "logits");
        graph.Rename(values.H, "h");
        graph.Rename(values.C, "c");
        graph.Declare(false, "logits", DataType.Float, "batch", "steps", head.Outputs);
        graph.Declare(false, "h", DataType.Float, "batch", lstm.Hidden);
        graph.Declare(false, "c", DataType.Float, "batch", lstm.Hidden);
        return Model(graph, OnnxMetadata.LanguageModel, words, [], 0);
    }

    /// <summary>
    /// (batch, kept neurons): h after each sequence's last non-padding step. A mask picks step (length - 1) of each
    /// sequence from the (steps, batch, K) outputs and a sum over steps collapses it.
    /// </summary>
    private static string LastOutputs(OnnxGraph graph, LstmValues values)
    {
        var lengths = graph.Node("ReduceSum", [graph.Node("Cast", [graph.Node("Not", [values.Padding])], Attribute("to", (long)DataType.Int64)), graph.Longs("steps_axis", [0L], 1)],
            Attribute("keepdims", 0L));
        var lastStep = graph.Node("Sub", [lengths, graph.Longs("one", [1L])]);
        var steps = graph.Node("Squeeze", [graph.Node("Shape", [values.Padding], Attribute("end", 1L))]);
        var positions = graph.Node("Range", [graph.Longs("first", [0L]), steps, graph.Longs("stride", [1L])]);
        var isLast = graph.Node("Equal", [graph.Node("Unsqueeze", [positions, graph.Longs("batch_axis", [1L], 1)]),
            graph.Node("Unsqueeze", [lastStep, graph.Longs("step_axis", [0L], 1)])]);
        var mask = graph.Node("Unsqueeze", [graph.Node("Cast", [isLast], Attribute("to", (long)DataType.Float)), graph.Longs("neuron_axis", [2L], 1)]);
        return graph.Node("ReduceSum", [graph.Node("Mul", [values.Outputs, mask]), graph.Longs("steps_axis", [0L], 1)], Attribute("keepdims", 0L));
    }

    /// <summary>Wraps a graph into a model with the metadata a reader needs.</summary>
    internal static ModelProto Model(OnnxGraph graph, string kind, IReadOnlyList<string> words, IReadOnlyList<string> classes, int steps)
    {
        var model = new ModelProto { IrVersion = IrVersion, ProducerName = "BayesSparse", Graph = graph.Proto };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        void Add(string key, string value) => model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        Add(OnnxMetadata.Kind, kind);
        Add(OnnxMetadata.Words, JsonSerializer.Serialize(words));
        if (classes.Count > 0) Add(OnnxMetadata.Classes, JsonSerializer.Serialize(classes));
        if (steps > 0) Add(OnnxMetadata.Steps, steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return model;
    }

    /// <summary>The model's bytes, for ONNX Runtime's in-memory sessions.</summary>
    internal static byte[] Bytes(ModelProto model) => model.ToByteArray();
}
