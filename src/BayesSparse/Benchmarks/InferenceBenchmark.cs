using System.Diagnostics;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Models;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Forward-pass speed of a compressed model in one run, at batch 1 and 64, on the same random token sequences:
/// the dense original on TorchSharp's fused LSTM; the same dense model with only the removed neurons taken
/// out (the structural effect alone, still on the fused kernel, constant gates still computed); and the
/// compressed model in plain .NET (neurons removed, constant gates folded, remaining weights dense or CSR).
/// TorchSharp models get random weights: their speed does not depend on the values.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>Language models read this many tokens per sequence; classifiers read the config's document length.</summary>
    public const int LanguageModelSteps = 100;

    /// <summary>Runs the comparison for a compressed model of a task described by <paramref name="config"/>.</summary>
    public static IReadOnlyList<InferenceTiming> Run(ExperimentConfig config, CompressedModel compressed, int repetitions = 5)
    {
        bool languageModel = compressed is CompressedLanguageModel;
        int vocabulary = compressed.Lstm.Input.Ids, steps = languageModel ? LanguageModelSteps : config.Data.Steps;
        long hidden = config.Model.HiddenSize, kept = compressed.Hidden;
        long embedding = config.Model.EmbeddingDim, keptInputs = (compressed as CompressedTextClassifier)?.InputNeurons ?? embedding;
        var outputs = compressed.Output.Rows;
        // Multiply-adds per token of a dense model: recurrent 4H x H, plus the input projection 4H x E (classifiers;
        // a one-hot input is a lookup) or the per-token output V x H (language models).
        long DenseMacs(long h, long e) => 4 * h * h + (languageModel ? outputs * h : 4 * h * e);
        var shrunk = config with { Model = config.Model with { HiddenSize = kept, EmbeddingDim = Math.Max(1, keptInputs) } };
        using var dense = Build(config, vocabulary, languageModel);
        using var structural = Build(shrunk, vocabulary, languageModel);

        var rows = new List<InferenceTiming>();
        foreach (int batch in new[] { 1, 64 })
        {
            var random = new Random(batch);
            var sequences = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, steps).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
            using var tokens = tensor(sequences.SelectMany(s => s.Select(t => (long)t)).ToArray(), [batch, steps]);
            double denseMs = Median(repetitions, () => TorchForward(dense, tokens)) / steps;
            rows.Add(Row("dense original, TorchSharp fused LSTM", batch, denseMs, denseMs, 1));
            rows.Add(Row("neurons removed, TorchSharp fused LSTM", batch, Median(repetitions, () => TorchForward(structural, tokens)) / steps, denseMs,
                DenseMacs(hidden, embedding) / (double)DenseMacs(kept, keptInputs)));
            Action plain = compressed switch
            {
                CompressedLanguageModel lm => () => lm.Forward(sequences),
                CompressedTextClassifier classifier => () => classifier.Forward(sequences),
                _ => throw new ArgumentException($"unknown compressed model {compressed.GetType().Name}"),
            };
            rows.Add(Row("compressed, plain .NET (CSR / dense, constant gates folded)", batch, Median(repetitions, plain) / steps, denseMs,
                DenseMacs(hidden, embedding) / (double)compressed.MultiplyAddsPerToken));
        }
        return rows;
    }

    private static nn.Module Build(ExperimentConfig config, int vocabulary, bool languageModel)
    {
        nn.Module model = languageModel ? LanguageModelExperiment.BuildModel(config, ModelKind.Original, vocabulary)
            : ClassificationExperiment.BuildModel(config, ModelKind.Original, vocabulary);
        model.eval();
        return model;
    }

    private static void TorchForward(nn.Module model, Tensor tokens)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (model is LanguageModel lm) lm.forward(tokens, null);
        else ((TextClassifier)model).forward(tokens, ones_like(tokens, ScalarType.Bool));
    }

    private static InferenceTiming Row(string engine, int batch, double ms, double denseMs, double ideal) =>
        new(engine, batch, ms, batch * 1000 / ms, denseMs / ms, ideal);

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
