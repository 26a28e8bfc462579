using System.Diagnostics;
using BayesSparse.Inference;
using BayesSparse.Models;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Forward-pass speed of a compressed language model against the dense original of the same shape on
/// TorchSharp's fused LSTM, at batch 1 and 64, in one run. The dense model's weights are random: its speed does
/// not depend on their values. The plain .NET engine runs the sequences of a batch one after another.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>Runs the comparison on <paramref name="steps"/> tokens per sequence.</summary>
    public static IReadOnlyList<InferenceTiming> Run(CompressedLanguageModel compressed, long denseHidden, int steps = 100, int repetitions = 5)
    {
        int vocabulary = compressed.Vocabulary;
        long denseMacs = 4 * denseHidden * denseHidden + vocabulary * denseHidden;
        double ideal = denseMacs / (double)compressed.MultiplyAddsPerToken;
        using var dense = new LanguageModel(new LanguageModelConfig(vocabulary, denseHidden, ModelKind.Original));
        dense.eval();
        var rows = new List<InferenceTiming>();
        foreach (int batch in new[] { 1, 64 })
        {
            var random = new Random(batch);
            var sequences = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, steps).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
            using var tokens = tensor(sequences.SelectMany(s => s.Select(t => (long)t)).ToArray(), [batch, steps]);
            double denseMs = Median(repetitions, () =>
            {
                using var _ = no_grad();
                using var scope = NewDisposeScope();
                dense.forward(tokens, null);
            }) / steps;
            double compressedMs = Median(repetitions, () =>
            {
                foreach (var sequence in sequences) compressed.Forward(sequence);
            }) / steps;
            rows.Add(new InferenceTiming("dense original, TorchSharp fused LSTM", batch, denseMs, batch * 1000 / denseMs, 1, ideal));
            rows.Add(new InferenceTiming("compressed, plain .NET", batch, compressedMs, batch * 1000 / compressedMs, denseMs / compressedMs, ideal));
        }
        return rows;
    }

    private static double Median(int repetitions, Action action)
    {
        action();
        var times = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return times.Median();
    }
}
