using BayesSparse.Models;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>A model and the one batch it trains on, for timing training steps.</summary>
public sealed class BenchmarkTask : IDisposable
{
    private BenchmarkTask(ISequenceModel model, Func<Tensor> dataLoss, double? clip, long trainSize)
    {
        Model = model;
        DataLoss = dataLoss;
        Clip = clip;
        TrainSize = trainSize;
    }

    /// <summary>The model.</summary>
    public ISequenceModel Model { get; }

    /// <summary>Forward pass and mean cross-entropy on the batch.</summary>
    public Func<Tensor> DataLoss { get; }

    /// <summary>Gradient-norm clip of the task.</summary>
    public double? Clip { get; }

    /// <summary>N_train used for the ELBO scaling.</summary>
    public long TrainSize { get; }

    /// <summary>A classifier on a batch with a mask; the batch stays the caller's, the model becomes the task's.</summary>
    public static BenchmarkTask Classifier(TextClassifier model, BenchmarkBatch batch, long trainSize)
    {
        batch.RequireVocabulary(model.Config.VocabularySize);
        var mask = batch.Mask ?? throw new ArgumentException("a classifier batch needs a mask");
        return new BenchmarkTask(model, () => nn.functional.cross_entropy(model.forward(batch.Tokens, mask), batch.Targets), null, trainSize);
    }

    /// <summary>A language model on a batch of tokens and flat targets; the batch stays the caller's, the model becomes the task's.</summary>
    public static BenchmarkTask LanguageModel(Models.LanguageModel model, BenchmarkBatch batch, double? clip, long trainSize)
    {
        long vocabulary = model.Config.VocabularySize;
        batch.RequireVocabulary(vocabulary);
        return new BenchmarkTask(model, () =>
        {
            var (logits, _, _) = model.forward(batch.Tokens, null);
            return nn.functional.cross_entropy(logits.reshape(-1, vocabulary), batch.Targets);
        }, clip, trainSize);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Module.Dispose();
}
