namespace BayesSparse.Inference;

/// <summary>
/// A trained model compressed for inference in plain .NET (no libtorch at run time): a <see cref="CompressedLstm"/>
/// and an output layer over its kept neurons (z^h folded in), each matrix stored dense or CSR, whichever measured faster.
/// </summary>
public abstract class CompressedModel
{
    private protected CompressedModel(CompressedLstm lstm, IMatrix output, float[] outputBias, IReadOnlyList<string> words)
    {
        if (output.Columns != lstm.Hidden || outputBias.Length != output.Rows)
            throw new InvalidDataException("the output layer does not match the LSTM");
        if (words.Count > 0 && lstm.Input.Ids != words.Count)
            throw new InvalidDataException($"the input table has {lstm.Input.Ids} rows for a vocabulary of {words.Count} words");
        (Lstm, Output, OutputBias, Words) = (lstm, output, outputBias, words);
    }

    /// <summary>The recurrent layer.</summary>
    public CompressedLstm Lstm { get; }

    /// <summary>The output layer's weight, (outputs, kept neurons).</summary>
    public IMatrix Output { get; }

    /// <summary>The output layer's bias.</summary>
    internal float[] OutputBias { get; }

    /// <summary>The vocabulary (id to symbol) the model reads; empty when the model was saved without one.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Kept hidden neurons.</summary>
    public int Hidden => Lstm.Hidden;

    /// <summary>Non-constant gate components.</summary>
    public int LiveGates => Lstm.LiveGates;

    /// <summary>Multiply-adds per input token (nonzero weights used), for the ideal speed-up.</summary>
    public abstract long MultiplyAddsPerToken { get; }

    /// <summary>Describes the storage of each part, for reports.</summary>
    public string Layout =>
        $"input table {Describe(Lstm.Input.StoredRows)} of {Lstm.Input.Ids} ids, recurrent {Describe(Lstm.Recurrent)}, output {Describe(Output)}";

    private protected abstract byte Kind { get; }

    /// <summary>Writes the versioned file atomically: header, payload, then a SHA-256 of header and payload.</summary>
    public void Save(string path) => ModelFile.Save(path, Kind, writer =>
    {
        Lstm.Write(writer);
        Output.Write(writer);
        ModelIO.WriteArray(writer, OutputBias);
        ModelIO.WriteStrings(writer, Words);
        WriteHead(writer);
    });

    /// <summary>Kind-specific fields after the common ones.</summary>
    private protected virtual void WriteHead(BinaryWriter writer)
    {
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a foreign, truncated or corrupt file is a <see cref="Data.DataException"/>.</summary>
    public static CompressedModel Load(string path) => ModelFile.Load(path, (kind, reader) =>
    {
        var (lstm, output, bias, words) = (CompressedLstm.Read(reader), MatrixFormat.Read(reader), ModelIO.ReadFloats(reader), ModelIO.ReadStrings(reader));
        return kind switch
        {
            CompressedLanguageModel.KindTag => new CompressedLanguageModel(lstm, output, bias, words),
            CompressedTextClassifier.KindTag => (CompressedModel)CompressedTextClassifier.ReadHead(reader, lstm, output, bias, words),
            _ => throw new InvalidDataException($"unknown model kind {kind}"),
        };
    });

    private static string Describe(IMatrix m) =>
        $"{m.Rows}x{m.Columns} {(m is CsrMatrix ? "CSR" : "dense")} ({m.StoredEntries:N0} stored)";
}
