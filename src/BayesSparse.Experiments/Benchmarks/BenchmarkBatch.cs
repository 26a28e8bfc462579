using BayesSparse.Configuration;
using BayesSparse.Data;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// The one batch a training-step benchmark trains on again and again: uniform random tokens, or the first training
/// batch of the real data. The random batch is the worst case for the sparse embedding and input lookups, which
/// sample only the rows a batch reads: a random IMDb batch reads about 14,400 of the 20,003 rows, a real one about 3,900.
/// </summary>
/// <remarks>Classifier batches: tokens (B, T), mask (B, T) and labels (B). Language-model batches: tokens (B, T)
/// and targets (B * T); no mask.</remarks>
public sealed class BenchmarkBatch : IDisposable
{
    private BenchmarkBatch(Tensor tokens, Tensor targets, Tensor? mask, string source)
    {
        Tokens = tokens.DetachFromDisposeScope();
        Targets = targets.DetachFromDisposeScope();
        Mask = mask?.DetachFromDisposeScope();
        Source = source;
    }

    /// <summary>Input token ids, (B, T) int64.</summary>
    public Tensor Tokens { get; }

    /// <summary>Class labels (B) of a classifier batch, next-token targets (B * T) of a language-model batch.</summary>
    public Tensor Targets { get; }

    /// <summary>Real (not padding) positions of a classifier batch; null for a language model.</summary>
    public Tensor? Mask { get; }

    /// <summary><c>random</c> or <c>data</c>, as the benchmark's CSV reports it.</summary>
    public string Source { get; }

    /// <summary>Uniform random tokens and labels (a classifier's batch has no padding).</summary>
    /// <param name="batch">Rows.</param>
    /// <param name="steps">Tokens per row.</param>
    /// <param name="vocabulary">Token ids are drawn from [first, vocabulary).</param>
    /// <param name="classes">Label count for a classifier; null for a language model.</param>
    /// <param name="first">Smallest token id (a classifier skips its reserved ids).</param>
    public static BenchmarkBatch Random(long batch, long steps, long vocabulary, long? classes, long first = 0) => classes is { } c
        ? new BenchmarkBatch(randint(first, vocabulary, [batch, steps]), randint(0, c, [batch]), ones(batch, steps, dtype: ScalarType.Bool), "random")
        : new BenchmarkBatch(randint(first, vocabulary, [batch, steps]), randint(first, vocabulary, [batch * steps]), null, "random");

    /// <summary>
    /// The first training batch of <paramref name="task"/> as its experiment builds it: the first rows of the shuffled
    /// train split for IMDb and AGNews (AGNews' stand-in split when train.csv is absent), the first BPTT window for
    /// PTB word, the first sequences of epoch one's order (seed 0) for PTB char.
    /// </summary>
    /// <exception cref="DataException">A data file is missing.</exception>
    public static BenchmarkBatch FirstOf(string task, DataDirectory data, int batch, int steps)
    {
        using var scope = NewDisposeScope();
        var kind = PaperTask.Of(task).Kind;
        if (kind == TaskKind.TextClassification)
        {
            var texts = TextClassificationData.Load(task, data, agNewsStandIn: true, steps: steps).Train;
            var (tokens, mask, labels) = texts.Batch(Enumerable.Range(0, Math.Min(batch, texts.Count)).ToArray());
            return new BenchmarkBatch(tokens, labels, mask, "data");
        }
        bool word = kind == TaskKind.WordLanguageModel;
        var stream = (word ? PtbCorpus.LoadWords(data) : PtbCorpus.LoadChars(data)).Train;
        var (inputs, targets) = word
            ? LanguageModelBatches.Contiguous(stream, batch, steps).First()
            : LanguageModelBatches.RandomOffset(stream, batch, steps, new System.Random(0)).First();
        return new BenchmarkBatch(inputs, targets.reshape(-1), null, "data");
    }

    /// <summary>A copy of the batch on <paramref name="device"/> (this one stays where it is, the caller's to dispose).</summary>
    public BenchmarkBatch To(Device device) => new(Tokens.to(device), Targets.to(device), Mask?.to(device), Source);

    /// <summary>Throws when a token id does not fit a model with <paramref name="vocabulary"/> rows.</summary>
    public void RequireVocabulary(long vocabulary)
    {
        long largest = Tokens.max().item<long>();
        if (largest >= vocabulary)
            throw new ArgumentException($"the batch holds token id {largest}, the model's vocabulary has {vocabulary} entries");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Tokens.Dispose();
        Targets.Dispose();
        Mask?.Dispose();
    }
}
