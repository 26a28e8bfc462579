using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using BayesSparse.Text;

namespace BayesSparse.Benchmarks;

/// <summary>The paper's model and batch shapes per task, read from <c>experiments/configs/paper</c>, for benchmarks.</summary>
public static class PaperShapes
{
    /// <summary>The shapes and the model of <paramref name="task"/>, built as its experiment builds it.</summary>
    /// <exception cref="ArgumentException">Unknown task.</exception>
    /// <exception cref="BayesSparse.Data.DataException">No paper config found.</exception>
    public static PaperShape For(string task)
    {
        var info = PaperTask.Of(task);
        var config = ExperimentConfig.Load(ConfigLocator.Find(task, "paper"));
        ExperimentConfig With(RecurrentNoise noise) => config with { Model = config.Model with { Noise = noise } };
        return new PaperShape(config.Data.BatchSize, config.Data.Steps, info.Vocabulary, info.IsClassification ? info.Classes.Count : null,
            (kind, noise, batch) => info.IsClassification
                ? BenchmarkTask.Classifier(ClassificationExperiment.BuildModel(With(noise), kind, info.Vocabulary), batch, info.TrainSize)
                : BenchmarkTask.LanguageModel(LanguageModelExperiment.BuildModel(With(noise), kind, info.Vocabulary), batch, config.Training.Clip, info.TrainSize));
    }
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
