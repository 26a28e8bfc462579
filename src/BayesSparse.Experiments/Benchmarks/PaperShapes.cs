using BayesSparse.Configuration;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using BayesSparse.Text;

namespace BayesSparse.Benchmarks;

/// <summary>The paper's model and batch shapes per task (DESIGN.md section 4), for benchmarks.</summary>
public static class PaperShapes
{
    /// <summary>The shapes and the model of <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentException">Unknown task.</exception>
    public static PaperShape For(string task) => task switch
    {
        "imdb" => new(128, 200, 20_003, 2, (kind, noise, batch) =>
            BenchmarkTask.Classifier(new TextClassifierConfig(20_003, 300, 128, 2, kind, noise), batch)),
        "agnews" => new(128, 100, 20_003, 4, (kind, noise, batch) =>
            BenchmarkTask.Classifier(new TextClassifierConfig(20_003, 300, 512, 4, kind, noise), batch)),
        "ptb-char" => new(64, 100, 50, null, (kind, noise, batch) =>
            BenchmarkTask.LanguageModel(new LanguageModelConfig(50, 1000, kind, noise, ForgetBias: 0), batch, clip: 1)),
        "ptb-word" => new(32, 35, 10_000, null, (kind, noise, batch) =>
            BenchmarkTask.LanguageModel(new LanguageModelConfig(10_000, 256, kind, noise), batch, clip: 10)),
        _ => throw new ArgumentException($"unknown task '{task}': use one of {string.Join(", ", PaperTask.Names)}"),
    };
}

/// <summary>One task's benchmark shapes.</summary>
/// <param name="Batch">Sequences per batch.</param>
/// <param name="Steps">Tokens per sequence.</param>
/// <param name="Vocabulary">Input vocabulary.</param>
/// <param name="Classes">Classes of a classifier; null for a language model.</param>
/// <param name="Build">The model of a kind and noise mode, training on a batch.</param>
public sealed record PaperShape(int Batch, int Steps, long Vocabulary, long? Classes,
    Func<ModelKind, RecurrentNoise, BenchmarkBatch, BenchmarkTask> Build)
{
    /// <summary>A batch of uniform random tokens of these shapes (a classifier's skip the reserved ids).</summary>
    public BenchmarkBatch RandomBatch() =>
        BenchmarkBatch.Random(Batch, Steps, Vocabulary, Classes, first: Classes is null ? 0 : ClassifierInput.Reserved.Length);
}
