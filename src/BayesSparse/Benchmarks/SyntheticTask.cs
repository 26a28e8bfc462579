using BayesSparse.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>A model with one fixed random batch of the right shape, for timing training steps.</summary>
public sealed class SyntheticTask : IDisposable
{
    private SyntheticTask(nn.Module model, Func<Tensor> dataLoss, double? clip, long trainSize)
    {
        Model = model;
        DataLoss = dataLoss;
        Clip = clip;
        TrainSize = trainSize;
    }

    /// <summary>The model.</summary>
    public nn.Module Model { get; }

    /// <summary>Forward pass and mean cross-entropy on the batch.</summary>
    public Func<Tensor> DataLoss { get; }

    /// <summary>Gradient-norm clip of the task.</summary>
    public double? Clip { get; }

    /// <summary>N_train used for the ELBO scaling.</summary>
    public long TrainSize { get; }

    /// <summary>A classifier with a random batch of left-padded tokens.</summary>
    public static SyntheticTask Classifier(TextClassifierConfig config, long batch, long steps)
    {
        var model = new TextClassifier(config);
        var tokens = randint(3, config.VocabularySize, [batch, steps]);
        var mask = ones(batch, steps, dtype: ScalarType.Bool);
        var labels = randint(0, config.Classes, [batch]);
        foreach (var t in new[] { tokens, mask, labels }) t.DetachFromDisposeScope();
        return new SyntheticTask(model, () => nn.functional.cross_entropy(model.forward(tokens, mask), labels), null, 25_000);
    }

    /// <summary>A language model with a random batch of tokens and targets.</summary>
    public static SyntheticTask LanguageModel(LanguageModelConfig config, long batch, long steps, double clip)
    {
        var model = new Models.LanguageModel(config);
        var tokens = randint(0, config.VocabularySize, [batch, steps]);
        var targets = randint(0, config.VocabularySize, [batch * steps]);
        foreach (var t in new[] { tokens, targets }) t.DetachFromDisposeScope();
        return new SyntheticTask(model, () =>
        {
            var (logits, _, _) = model.forward(tokens, null);
            return nn.functional.cross_entropy(logits.reshape(-1, config.VocabularySize), targets);
        }, clip, 929_589);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
