using BayesSparse.Models;
using BayesSparse.NN.Recurrent;

namespace BayesSparse.Benchmarks;

/// <summary>The paper's model and batch shapes per task (DESIGN.md section 4), for benchmarks.</summary>
public static class PaperShapes
{
    /// <summary>The tasks of Table 1.</summary>
    public static readonly string[] Tasks = ["imdb", "agnews", "ptb-char", "ptb-word"];

    /// <summary>Batch size, sequence length and the model for <paramref name="task"/>.</summary>
    /// <exception cref="ArgumentException">Unknown task.</exception>
    public static (long Batch, long Steps, Func<ModelKind, RecurrentNoise, SyntheticTask> Build) For(string task) => task switch
    {
        "imdb" => (128, 200, (kind, noise) => SyntheticTask.Classifier(new TextClassifierConfig(20_003, 300, 128, 2, kind, noise), 128, 200)),
        "agnews" => (128, 100, (kind, noise) => SyntheticTask.Classifier(new TextClassifierConfig(20_003, 300, 512, 4, kind, noise), 128, 100)),
        "ptb-char" => (64, 100, (kind, noise) => SyntheticTask.LanguageModel(new LanguageModelConfig(50, 1000, kind, noise, ForgetBias: 0), 64, 100, clip: 1)),
        "ptb-word" => (32, 35, (kind, noise) => SyntheticTask.LanguageModel(new LanguageModelConfig(10_000, 256, kind, noise), 32, 35, clip: 10)),
        _ => throw new ArgumentException($"unknown task '{task}': use one of {string.Join(", ", Tasks)}"),
    };
}
