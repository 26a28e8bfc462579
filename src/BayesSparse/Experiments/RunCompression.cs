using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Models;
using TorchSharp;

namespace BayesSparse.Experiments;

/// <summary><c>bayes-sparse compress</c>: a run folder's checkpoint to a compressed model file.</summary>
public static class RunCompression
{
    /// <summary>Compresses the language model of <paramref name="runDir"/> into <paramref name="outPath"/>.</summary>
    public static CompressedLanguageModel Compress(string runDir, string outPath)
    {
        var config = ExperimentConfig.Load(Path.Combine(runDir, "config.json"));
        if (config.IsClassification)
            throw new ArgumentException($"compress supports the language models so far; {config.Task} classifiers are not compressed yet");
        var checkpoint = Path.Combine(runDir, "checkpoint");
        var (_, kind) = Checkpoint.ReadStateAndKind(checkpoint);
        var vocabulary = Vocabulary.Load(Path.Combine(runDir, "vocabulary.json"));
        // The checkpoint's shapes come from the config and vocabulary, so no data files are needed.
        using var model = new LanguageModel(new LanguageModelConfig(vocabulary.Count, config.Model.HiddenSize, kind, config.Model.Noise));
        Checkpoint.Load(checkpoint, model, null);
        var compressed = CompressedLanguageModel.From(model, vocabulary);
        compressed.Save(outPath);
        return compressed;
    }
}
