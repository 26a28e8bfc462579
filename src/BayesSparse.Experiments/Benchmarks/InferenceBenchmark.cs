using System.Diagnostics;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Onnx;
using MathNet.Numerics.Statistics;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Forward-pass speed of a compressed model in one run, at batch 1 and 64, on the same random token sequences:
/// the dense original, and the same dense model with only the removed neurons taken out (the structural effect
/// alone, constant gates still computed), each on TorchSharp's fused LSTM and on ONNX Runtime
/// (<see cref="DenseOnnxModels"/>); the compressed model exported to ONNX (<see cref="OnnxExport"/>) on ONNX Runtime;
/// and the compressed model in plain .NET (neurons removed, constant gates folded, remaining weights dense or CSR).
/// Each row also says how many multiply-adds a token needs and what that would take at <see cref="MachinePeak"/>.
/// Language models run two ways: the whole sequence per call (scoring text) and one token per call with the
/// state carried (generation, streaming), where no engine can batch the output product over steps.
/// Dense models get random weights: their speed does not depend on the values.
/// </summary>
public static class InferenceBenchmark
{
    /// <summary>Language models read this many tokens per sequence; classifiers read the config's document length.</summary>
    public const int LanguageModelSteps = 100;

    /// <summary>Runs the comparison for a compressed model of a task described by <paramref name="config"/>.</summary>
    /// <param name="config">The task's config: the dense models' shapes.</param>
    /// <param name="compressed">The compressed model.</param>
    /// <param name="sampling">How each row is timed (<see cref="Sampling.Default"/> when null).</param>
    public static IReadOnlyList<InferenceTiming> Run(ExperimentConfig config, CompressedModel compressed, Sampling? sampling = null)
    {
        sampling ??= Sampling.Default;
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
        using var onnxDense = OnnxSequenceModel.FromBytes(OnnxExport.Bytes(OnnxDense(config, vocabulary, outputs, languageModel)));
        using var onnxStructural = OnnxSequenceModel.FromBytes(OnnxExport.Bytes(OnnxDense(shrunk, vocabulary, outputs, languageModel)));
        using var onnxCompressed = OnnxSequenceModel.FromBytes(OnnxExport.Bytes(OnnxExport.ToOnnx(compressed)));
        double peak = MachinePeak.MultiplyAddsPerMs();

        var rows = new List<InferenceTiming>();
        foreach (int batch in new[] { 1, 64 })
            foreach (int perCall in languageModel ? new[] { steps, 1 } : [steps])
            {
                var random = new Random(batch);
                var sequences = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, steps).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
                using var tokens = tensor(sequences.SelectMany(s => s.Select(t => (long)t)).ToArray(), [batch, steps]);
                InferenceTiming Time(string engine, Action run, double denseMs, long macs)
                {
                    double ms = Median(sampling, run) / steps, peakMs = (double)macs * batch / peak;
                    return new(engine, batch, perCall, ms, batch * 1000 / ms, double.IsNaN(denseMs) ? 1 : denseMs / ms,
                        DenseMacs(hidden, embedding) / (double)macs, macs, peakMs, peakMs / ms);
                }
                var denseRow = Time("dense original, TorchSharp fused LSTM", () => TorchForward(dense, tokens, perCall), double.NaN, DenseMacs(hidden, embedding));
                double denseMs = denseRow.MsPerToken;
                rows.Add(denseRow);
                rows.Add(Time("dense original, ONNX Runtime", OnnxForward(onnxDense, sequences, perCall), denseMs, DenseMacs(hidden, embedding)));
                rows.Add(Time(SmallerDense + "TorchSharp fused LSTM", () => TorchForward(structural, tokens, perCall), denseMs, DenseMacs(kept, keptInputs)));
                rows.Add(Time(SmallerDense + "ONNX Runtime", OnnxForward(onnxStructural, sequences, perCall), denseMs, DenseMacs(kept, keptInputs)));
                rows.Add(Time("compressed, exported to ONNX, ONNX Runtime", OnnxForward(onnxCompressed, sequences, perCall), denseMs, compressed.MultiplyAddsPerToken));
                rows.Add(Time("compressed, plain .NET (CSR / dense, constant gates folded)", PlainForward(compressed, sequences, perCall), denseMs,
                    compressed.MultiplyAddsPerToken));
            }
        return [.. rows.Select(r => r with { SpeedUpOverSmallerDense = FastestSmallerDense(rows, r) / r.MsPerToken })];
    }

    /// <summary>The ms per step of the faster neurons-removed dense row of <paramref name="row"/>'s batch and steps per call.</summary>
    private static double FastestSmallerDense(List<InferenceTiming> rows, InferenceTiming row) => rows
        .Where(r => r.Batch == row.Batch && r.StepsPerCall == row.StepsPerCall && r.Engine.StartsWith(SmallerDense, StringComparison.Ordinal))
        .Min(r => r.MsPerToken);

    /// <summary>The start of the two neurons-removed dense rows' names.</summary>
    private const string SmallerDense = "neurons removed, ";

    /// <summary>The compressed model over <paramref name="sequences"/>, <paramref name="perCall"/> tokens per call with the state carried.</summary>
    private static Action PlainForward(CompressedModel compressed, int[][] sequences, int perCall)
    {
        switch (compressed)
        {
            case CompressedLanguageModel lm:
                LanguageModelLogits? logits = null; // reused, as libtorch reuses the memory it freed
                var chunks = Chunks(sequences, perCall);
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

    /// <summary>The sequences cut into consecutive calls of <paramref name="perCall"/> tokens each.</summary>
    private static int[][][] Chunks(int[][] sequences, int perCall) =>
        [.. Enumerable.Range(0, sequences[0].Length / perCall).Select(c => sequences.Select(s => s[(c * perCall)..((c + 1) * perCall)]).ToArray())];

    /// <summary>An ONNX model over <paramref name="sequences"/>, <paramref name="perCall"/> tokens per call with the state carried.</summary>
    private static Action OnnxForward(OnnxSequenceModel model, int[][] sequences, int perCall)
    {
        if (model.Kind == OnnxMetadata.Classifier) return () => model.Classify(sequences);
        var chunks = Chunks(sequences, perCall);
        return () =>
        {
            var (h, c) = (new float[sequences.Length * model.Hidden], new float[sequences.Length * model.Hidden]);
            foreach (var chunk in chunks) model.Continue(chunk, h, c);
        };
    }

    /// <summary>The dense model of <paramref name="config"/>'s shapes on ONNX Runtime (random weights).</summary>
    private static global::Onnx.ModelProto OnnxDense(ExperimentConfig config, int vocabulary, int outputs, bool languageModel) => languageModel
        ? DenseOnnxModels.LanguageModel(vocabulary, (int)config.Model.HiddenSize, seed: 1)
        : DenseOnnxModels.Classifier(vocabulary, (int)config.Model.EmbeddingDim, (int)config.Model.HiddenSize, outputs, config.Data.Steps, seed: 1);

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

    /// <summary>
    /// Milliseconds per call of <paramref name="action"/>: the median over <see cref="Sampling.Repetitions"/> samples, each
    /// as many calls as fill <see cref="Sampling.SampleMs"/> (a call of a compressed model at batch 1 takes tens of
    /// microseconds, too short to time alone on a machine with background noise), after calls that fill <see cref="Sampling.WarmUpMs"/>.
    /// </summary>
    private static double Median(Sampling sampling, Action action)
    {
        var clock = Stopwatch.StartNew();
        int warmUpCalls = 0;
        while (warmUpCalls == 0 || clock.Elapsed.TotalMilliseconds < sampling.WarmUpMs)
        {
            action();
            warmUpCalls++;
        }
        int calls = (int)Math.Clamp(sampling.SampleMs * warmUpCalls / clock.Elapsed.TotalMilliseconds, 1, 100_000);
        var times = new double[sampling.Repetitions];
        for (int i = 0; i < times.Length; i++)
        {
            clock.Restart();
            for (int k = 0; k < calls; k++) action();
            times[i] = clock.Elapsed.TotalMilliseconds / calls;
        }
        return times.Median();
    }

    /// <summary>How a row is timed.</summary>
    /// <param name="Repetitions">Samples; the row is their median.</param>
    /// <param name="SampleMs">The least time one sample runs.</param>
    /// <param name="WarmUpMs">How long the engine is called before it is timed: .NET first runs a method as quickly
    /// compiled code and recompiles it fully only once it has run a while (tiered compilation), and the managed loops of
    /// an engine (the plain engine's whole forward pass) are slower until then.</param>
    public sealed record Sampling(int Repetitions = 7, double SampleMs = 50, double WarmUpMs = 1000)
    {
        /// <summary>The benchmark's own: seven samples of at least 50 ms after 1 s of calls.</summary>
        public static Sampling Default { get; } = new();
    }
}
