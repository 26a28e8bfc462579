using BayesSparse.Text;

namespace BayesSparse.Inference;

/// <summary>
/// A text classifier (IMDb, AGNews) compressed for plain .NET inference. The embedding (with vocabulary z and
/// z^x) is folded into the input projection: each kept vocabulary entry is one row of live preactivations, so a
/// token costs a lookup instead of an embedding row times W^x. Removed vocabulary entries add nothing.
/// </summary>
public sealed class CompressedTextClassifier : CompressedModel
{
    internal const byte KindTag = 2;

    internal CompressedTextClassifier(CompressedLstm lstm, IMatrix output, float[] outputBias, IReadOnlyList<string> words, int steps, IReadOnlyList<string> classes,
        long inputNeurons) : base(lstm, output, outputBias, words)
    {
        if (classes.Count != output.Rows || steps < 1) throw new InvalidDataException("the class names or step count do not match the model");
        if (words.Count == 0) throw new InvalidDataException("a classifier without its vocabulary");
        (Steps, Classes, InputNeurons) = (steps, classes, inputNeurons);
        _vocabulary = new Vocabulary(words);
    }

    private readonly Vocabulary _vocabulary;

    private protected override byte Kind => KindTag;

    /// <summary>Tokens read per document (the rest is cut, as in training).</summary>
    public int Steps { get; }

    /// <summary>Embedding dimensions the trained model kept (folded into the input table here; for reports and benchmarks).</summary>
    public long InputNeurons { get; }

    /// <summary>Class names, by label.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <inheritdoc />
    public override long MultiplyAddsPerToken => Lstm.Recurrent.Nonzeros;

    /// <summary>The ids of a text as the model reads it (start token, OOV for unknown words, cut to <see cref="Steps"/>).</summary>
    public int[] Encode(string text) => ClassifierInput.Encode(text, _vocabulary, Steps);

    /// <summary>Class logits of each id sequence (unpadded; sequences may differ in length).</summary>
    public float[][] Forward(IReadOnlyList<int[]> sequences)
    {
        int batch = sequences.Count, hidden = Hidden, steps = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        if (sequences.Any(s => s.Length == 0)) throw new ArgumentException("a sequence is empty");
        var state = Lstm.NewState(batch);
        var last = new float[hidden * batch];     // (K, B): h after each sequence's last token
        var ids = new int[batch];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++) ids[b] = t < sequences[b].Length ? sequences[b][t] : -1;
            Lstm.Step(ids, state);
            for (int b = 0; b < batch; b++)
                if (sequences[b].Length == t + 1)
                    for (int j = 0; j < hidden; j++) last[j * batch + b] = state.H[j * batch + b];
        }
        var logits = new float[Classes.Count * batch];
        Output.Linear(last, OutputBias, logits, batch);
        return [.. Enumerable.Range(0, batch).Select(b => Enumerable.Range(0, Classes.Count).Select(c => logits[c * batch + b]).ToArray())];
    }

    private protected override void WriteHead(BinaryWriter writer)
    {
        writer.Write(Steps);
        ModelIO.WriteStrings(writer, Classes);
        writer.Write(InputNeurons);
    }

    internal static CompressedTextClassifier ReadHead(BinaryReader reader, CompressedLstm lstm, IMatrix output, float[] bias, IReadOnlyList<string> words) =>
        new(lstm, output, bias, words, reader.ReadInt32(), ModelIO.ReadStrings(reader), reader.ReadInt64());
}
