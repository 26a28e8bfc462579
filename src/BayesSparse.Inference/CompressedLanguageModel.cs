using System.Numerics;

namespace BayesSparse.Inference;

/// <summary>
/// A word or character language model compressed for plain .NET inference: the one-hot input is a lookup of the
/// live W^x rows of each token, and the output product runs once per block of steps (so its matrix is read once
/// per block, not once per token). Its logits equal the masked dense model's.
/// </summary>
public sealed class CompressedLanguageModel : CompressedModel
{
    internal const byte KindTag = 1;

    /// <summary>
    /// Columns (steps x sequences) of one output product: 64 is one pass of the block kernel (eight SIMD registers
    /// of eight), which cost less a column than 104 or 128 did on a PTB word output layer (docs/results.md).
    /// </summary>
    internal const int BlockColumns = 64;

    internal CompressedLanguageModel(CompressedLstm lstm, IMatrix output, float[] outputBias, IReadOnlyList<string> words)
        : base(lstm, output, outputBias, words)
    {
        if (words.Count > 0 && output.Rows != words.Count)
            throw new InvalidDataException($"the output layer scores {output.Rows} symbols for a vocabulary of {words.Count}");
    }

    private protected override byte Kind => KindTag;

    /// <summary>Vocabulary size.</summary>
    public int Vocabulary => Output.Rows;

    /// <inheritdoc />
    public override long MultiplyAddsPerToken => Lstm.Recurrent.Nonzeros + Output.Nonzeros;

    /// <summary>A zero state for <paramref name="sequences"/> sequences.</summary>
    public LstmState NewState(int sequences = 1) => Lstm.NewState(sequences);

    /// <summary>
    /// Reads B token sequences of equal length from <paramref name="state"/> (zero when null; updated in place to
    /// continue them) and returns the logits after every token.
    /// </summary>
    /// <param name="sequences">B token sequences of equal length.</param>
    /// <param name="state">The state to start from and update, or null for a zero state.</param>
    /// <param name="reuse">The result of an earlier call to overwrite (its buffers are reused), or null.</param>
    public LanguageModelLogits Forward(IReadOnlyList<int[]> sequences, LstmState? state = null, LanguageModelLogits? reuse = null)
    {
        int batch = sequences.Count, steps = batch == 0 ? 0 : sequences[0].Length;
        if (sequences.Any(s => s.Length != steps)) throw new ArgumentException("the sequences of one call must have equal lengths");
        state ??= NewState(batch);
        if (state.Width != batch) throw new ArgumentException($"the state holds {state.Width} sequences, not {batch}");
        int hidden = Hidden, blockSteps = Math.Max(1, BlockColumns / Math.Max(batch, 1));
        var result = reuse ?? new LanguageModelLogits(Vocabulary);
        if (result.Vocabulary != Vocabulary) throw new ArgumentException("the logits to reuse come from another model");
        result.Reset(batch);
        var ids = new int[batch];
        var buffer = new float[hidden * Padded(Math.Min(blockSteps, steps) * batch)];
        for (int first = 0; first < steps; first += blockSteps)
        {
            int count = Math.Min(blockSteps, steps - first);
            int width = Padded(count * batch);
            var h = width * hidden == buffer.Length ? buffer : new float[hidden * width];   // (K, steps x batch) of this block
            Array.Clear(h);
            for (int s = 0; s < count; s++)
            {
                for (int b = 0; b < batch; b++) ids[b] = sequences[b][first + s];
                Lstm.Step(ids, state);
                for (int j = 0; j < hidden; j++) state.H.AsSpan(j * batch, batch).CopyTo(h.AsSpan(j * width + s * batch));
            }
            Output.Linear(h, OutputBias, result.NextBlock(first, count, width), width);
        }
        result.Trim();
        return result;
    }

    /// <summary>Columns rounded up to whole SIMD vectors (the padding columns stay zero); one column stays one (a gather product).</summary>
    private static int Padded(int columns) => columns == 1 ? 1 : (columns + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
}
