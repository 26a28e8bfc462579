using System.Text.Json;
using BayesSparse.Data;
using BayesSparse.Text;
using Microsoft.ML.OnnxRuntime;

namespace BayesSparse.Onnx;

/// <summary>
/// An exported model (<see cref="OnnxExport"/>) on ONNX Runtime: the vocabulary and class names come from the file's
/// metadata, so a text is classified, or continued, from the file alone.
/// </summary>
public sealed class OnnxSequenceModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();   // held for the session's life: a finalised RunOptions aborts the run that uses it
    private readonly Vocabulary? _vocabulary;

    private readonly string _source;

    private OnnxSequenceModel(InferenceSession session, string source)
    {
        (_session, _source) = (session, source);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        string Read(string key) => metadata.TryGetValue(key, out var value) ? value
            : throw new DataException(source, $"has no '{key}' metadata, so it was not written by 'compress ... --out FILE.onnx'", "Export the model with BayesSparse");
        Kind = Read(OnnxMetadata.Kind);
        if (Kind is not (OnnxMetadata.Classifier or OnnxMetadata.LanguageModel))
            throw new DataException(source, $"is a '{Kind}', which this version does not read", "Export it again with this version");
        string[] inputs = Kind == OnnxMetadata.Classifier ? ["ids"] : ["ids", "h0", "c0"], outputs = Kind == OnnxMetadata.Classifier ? ["logits"] : ["logits", "h", "c"];
        if (!inputs.All(session.InputMetadata.ContainsKey) || !outputs.All(session.OutputMetadata.ContainsKey))
            throw new DataException(source, $"says it is a {Kind} but its graph does not read {string.Join(", ", inputs)} and write {string.Join(", ", outputs)}",
                "Export the model again with 'compress RUN --out FILE.onnx'");
        try
        {
            Words = JsonSerializer.Deserialize<string[]>(Read(OnnxMetadata.Words)) ?? [];
            Classes = Kind == OnnxMetadata.Classifier ? JsonSerializer.Deserialize<string[]>(Read(OnnxMetadata.Classes)) ?? [] : [];
        }
        catch (JsonException e)
        {
            throw new DataException(source, $"has unreadable metadata ({e.Message})", "Export the model again");
        }
        if (Kind == OnnxMetadata.Classifier)
        {
            Steps = int.TryParse(Read(OnnxMetadata.Steps), out var steps) && steps > 0 ? steps : throw new DataException(source, "has no valid document length", "Export the model again");
            _vocabulary = new Vocabulary(Words);
        }
        else Hidden = (int)session.InputMetadata["h0"].Dimensions[1];
    }

    /// <summary>Opens an exported file; a missing, damaged or foreign file is a <see cref="DataException"/> naming it.</summary>
    public static OnnxSequenceModel Load(string path)
    {
        DataException.RequireFile(path, "Pass a file written by 'compress RUN --out FILE.onnx'");
        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DataException(path, $"is not a readable ONNX model ({e.Message.Split('\n')[0].Trim()})", "Export it again with 'compress RUN --out FILE.onnx'");
        }
        try
        {
            return new OnnxSequenceModel(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A model held in memory, for benchmarks: its intra-op threads block when idle instead of spinning, so that a
    /// session does not take cores from what is timed after it.
    /// </summary>
    internal static OnnxSequenceModel FromBytes(byte[] model)
    {
        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new(new InferenceSession(model, options), "the in-memory model");
    }

    /// <summary><see cref="OnnxMetadata.Classifier"/> or <see cref="OnnxMetadata.LanguageModel"/>.</summary>
    public string Kind { get; }

    /// <summary>The vocabulary, id to symbol.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>A classifier's class names (empty for a language model).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>A classifier's document length (0 for a language model).</summary>
    public int Steps { get; }

    /// <summary>A language model's kept neurons: the width of its state (0 for a classifier).</summary>
    public int Hidden { get; }

    /// <summary>The ids of a text as a classifier reads it (as <see cref="Inference.CompressedTextClassifier.Encode"/>).</summary>
    public int[] Encode(string text) =>
        ClassifierInput.Encode(text, _vocabulary ?? throw new InvalidOperationException("a language model has no document encoding"), Steps);

    /// <summary>Class logits of each id sequence (unpadded; sequences may differ in length).</summary>
    public float[][] Classify(IReadOnlyList<int[]> sequences)
    {
        if (Kind != OnnxMetadata.Classifier) throw new InvalidOperationException("not a classifier");
        if (sequences.Count == 0 || sequences.Any(s => s.Length == 0)) throw new ArgumentException("pass at least one sequence, none empty");
        int batch = sequences.Count, steps = sequences.Max(s => s.Length);
        var ids = new long[batch * steps];
        Array.Fill(ids, -1L);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < sequences[b].Length; t++) ids[b * steps + t] = sequences[b][t];
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [batch, steps]);
        using var outputs = Run(["ids"], [input], ["logits"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        int classes = logits.Length / batch;
        return [.. logits.Chunk(classes)];
    }

    /// <summary>
    /// Reads B id sequences of equal length from the state (<paramref name="h"/>, <paramref name="c"/>), each (B, <see cref="Hidden"/>)
    /// row-major and zero to start, updates the state in place and returns the logits after every id, (B, steps, vocabulary).
    /// </summary>
    public float[] Continue(IReadOnlyList<int[]> sequences, float[] h, float[] c)
    {
        if (Kind != OnnxMetadata.LanguageModel) throw new InvalidOperationException("not a language model");
        int batch = sequences.Count, steps = batch == 0 ? 0 : sequences[0].Length;
        if (batch == 0 || sequences.Any(s => s.Length != steps) || steps == 0) throw new ArgumentException("pass sequences of one nonzero length");
        if (h.Length != batch * Hidden || c.Length != h.Length) throw new ArgumentException($"the state must be {batch} x {Hidden}");
        var ids = sequences.SelectMany(s => s.Select(t => (long)t)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [batch, steps]);
        using var h0 = OrtValue.CreateTensorValueFromMemory(h, [batch, Hidden]);
        using var c0 = OrtValue.CreateTensorValueFromMemory(c, [batch, Hidden]);
        using var outputs = Run(["ids", "h0", "c0"], [input, h0, c0], ["logits", "h", "c"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(h);
        outputs[2].GetTensorDataAsSpan<float>().CopyTo(c);
        return logits;
    }

    /// <summary>Runs the graph; a graph ONNX Runtime loads but cannot run (a file changed by hand) is a <see cref="DataException"/>.</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(string[] inputNames, OrtValue[] inputs, string[] outputNames)
    {
        try
        {
            return _session.Run(_run, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new DataException(_source, $"could not be run by ONNX Runtime ({e.Message.Split('\n')[0].Trim()})", "Export the model again with 'compress RUN --out FILE.onnx'");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
