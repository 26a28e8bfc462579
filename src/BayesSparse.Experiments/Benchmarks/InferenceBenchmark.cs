using System.Diagnostics;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Models;
using MathNet.Numerics.Statistics;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Forward-pass speed of a compressed model in one run, at batch 1 and 64, on the same random token sequences:
/// the dense original on TorchSharp's fused LSTM; the same dense model with only the removed neurons taken
/// out (the structural effect alone, still on the fused kernel, constant gates still computed); and the
/// compressed model in plain .NET (neurons removed, constant gates folded, remaining weights dense or CSR).
/// Language models run two ways: the whole sequence per call (scoring text) and one token per call with the
/// state carried (generation, streaming), where no engine can batch the output product over steps.
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
            foreach (int perCall in languageModel ? new[] { steps, 1 } : [steps])
            {
                var random = new Random(batch);
                var sequences = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, steps).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
                using var tokens = tensor(sequences.SelectMany(s => s.Select(t => (long)t)).ToArray(), [batch, steps]);
                InferenceTiming Time(string engine, Action run, double denseMs, double ideal)
                {
                    double ms = Median(repetitions, run) / steps;
                    return new(engine, batch, perCall, ms, batch * 1000 / ms, double.IsNaN(denseMs) ? 1 : denseMs / ms, ideal);
                }
                var denseRow = Time("dense original, TorchSharp fused LSTM", () => TorchForward(dense, tokens, perCall), double.NaN, 1);
                rows.Add(denseRow);
                rows.Add(Time("neurons removed, TorchSharp fused LSTM", () => TorchForward(structural, tokens, perCall), denseRow.MsPerToken,
                    DenseMacs(hidden, embedding) / (double)DenseMacs(kept, keptInputs)));
                rows.Add(Time("compressed, plain .NET (CSR / dense, constant gates folded)", PlainForward(compressed, sequences, perCall), denseRow.MsPerToken,
                    DenseMacs(hidden, embedding) / (double)compressed.MultiplyAddsPerToken));
            }
        return rows;
    }

    /// <summary>The compressed model over <paramref name="sequences"/>, <paramref name="perCall"/> tokens per call with the state carried.</summary>
    private static Action PlainForward(CompressedModel compressed, int[][] sequences, int perCall)
    {
        switch (compressed)
        {
            case CompressedLanguageModel lm:
                LanguageModelLogits? logits = null; // reused, as libtorch reuses the memory it freed
                int steps = sequences[0].Length;
                var chunks = Enumerable.Range(0, steps / perCall).Select(c => sequences.Select(s => s[(c * perCall)..((c + 1) * perCall)]).ToArray()).ToArray();
                return () =>
                {
                    var state = lm.NewState(sequences.Length);
                    foreach (var chunk in chunks) logits = lm.Forward(chunk, state, logits);
                };
            case CompressedTextClassifier classifier:
                return () => classifier.Forward(sequences);
            default:
                throw new ArgumentException($"unknown compressed model {compressed.GetType().Name}");
        }
    }

    private static nn.Module Build(ExperimentConfig config, int vocabulary, bool languageModel)
    {
        nn.Module model = languageModel ? LanguageModelExperiment.BuildModel(config, ModelKind.Original, vocabulary)
            : ClassificationExperiment.BuildModel(config, ModelKind.Original, vocabulary);
        model.eval();
        return model;
    }

    private static void TorchForward(nn.Module model, Tensor tokens, int perCall)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (model is LanguageModel lm)
        {
            (Tensor, Tensor)? state = null;
            for (long first = 0; first < tokens.shape[1]; first += perCall)
            {
                var (_, h, c) = lm.forward(tokens.narrow(1, first, perCall), state);
                state = (h, c);
            }
        }
        else ((TextClassifier)model).forward(tokens, ones_like(tokens, ScalarType.Bool));
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
