using BayesSparse.Data;
using BayesSparse.Models;
using static TorchSharp.torch;

namespace BayesSparse.Inference;

/// <summary>
/// A word or character language model compressed for plain .NET inference: the one-hot input is a lookup of the
/// live W^x rows of each token, and the output product runs once per block of steps (so its matrix is read once
/// per block, not once per token). Its logits equal the masked dense model's.
/// </summary>
public sealed class CompressedLanguageModel : CompressedModel
{
    internal const byte KindTag = 1;

    /// <summary>Columns (steps x sequences) of one output product.</summary>
    private const int BlockColumns = 128;

    internal CompressedLanguageModel(CompressedLstm lstm, IMatrix output, float[] outputBias, IReadOnlyList<string> words)
        : base(lstm, output, outputBias, words)
    {
    }

    private protected override byte Kind => KindTag;

    /// <summary>Vocabulary size.</summary>
    public int Vocabulary => Output.Rows;

    /// <inheritdoc />
    public override long MultiplyAddsPerToken => Lstm.Recurrent.StoredEntries + Output.StoredEntries;

    /// <summary>Compresses a trained <see cref="LanguageModel"/> (its eval-mode weights).</summary>
    /// <param name="model">The model.</param>
    /// <param name="vocabulary">Its vocabulary, stored with it for <c>predict</c>; optional.</param>
    public static CompressedLanguageModel From(LanguageModel model, Vocabulary? vocabulary = null)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var export = LstmExport.Of(model.named_children().First(c => c.name == "lstm").module, model.Masks());
        var (weight, bias) = LstmExport.Linear(model.named_children().First(c => c.name == "dense").module);
        return new CompressedLanguageModel(export.Build(export.WeightIh.t()), MatrixFormat.Fastest(export.Output(weight), BlockColumns),
            bias.cpu().data<float>().ToArray(), vocabulary?.Words ?? []);
    }

    /// <summary>A zero state for <paramref name="sequences"/> sequences.</summary>
    public LstmState NewState(int sequences = 1) => Lstm.NewState(sequences);

    /// <summary>
    /// Reads B token sequences of equal length from <paramref name="state"/> (zero when null; updated in place to
    /// continue them) and returns the logits after every token.
    /// </summary>
    public LanguageModelLogits Forward(IReadOnlyList<int[]> sequences, LstmState? state = null)
    {
        int batch = sequences.Count, steps = batch == 0 ? 0 : sequences[0].Length;
        if (sequences.Any(s => s.Length != steps)) throw new ArgumentException("the sequences of one call must have equal lengths");
        state ??= NewState(batch);
        if (state.Width != batch) throw new ArgumentException($"the state holds {state.Width} sequences, not {batch}");
        int hidden = Hidden, blockSteps = Math.Max(1, BlockColumns / Math.Max(batch, 1));
        var blocks = new List<(int, int, float[])>();
        var ids = new int[batch];
        for (int first = 0; first < steps; first += blockSteps)
        {
            int count = Math.Min(blockSteps, steps - first), width = count * batch;
            var h = new float[hidden * width];              // (K, steps x batch) of this block
            for (int s = 0; s < count; s++)
            {
                for (int b = 0; b < batch; b++) ids[b] = sequences[b][first + s];
                Lstm.Step(ids, state);
                for (int j = 0; j < hidden; j++) state.H.AsSpan(j * batch, batch).CopyTo(h.AsSpan(j * width + s * batch));
            }
            var logits = new float[Vocabulary * width];
            for (int v = 0; v < Vocabulary; v++) logits.AsSpan(v * width, width).Fill(OutputBias[v]);
            Output.MultiplyAdd(h, logits, width);
            blocks.Add((first, count, logits));
        }
        return new LanguageModelLogits(Vocabulary, batch, blocks);
    }
}
