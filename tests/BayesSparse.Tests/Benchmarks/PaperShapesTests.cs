using BayesSparse.Benchmarks;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Benchmarks;

[TestFixture]
public sealed class PaperShapesTests
{
    /// <summary>The paper's shapes (docs/method.md, "The paper's models and data"), written here, not read from a config.</summary>
    [TestCase("imdb", 128, 200, 20_003L, 2L, 300L, 128L)]
    [TestCase("agnews", 128, 100, 20_003L, 4L, 300L, 512L)]
    [TestCase("ptb-char", 64, 100, 50L, null, null, 1000L)]
    [TestCase("ptb-word", 32, 35, 10_000L, null, null, 256L)]
    public void Should_TakeThePapersShapes_When_AskedForATask(string task, int batch, int steps, long vocabulary, long? classes, long? embedding, long hidden)
    {
        // When the benchmark shapes of a task are read and its model built on a random batch
        using var scope = NewDisposeScope();
        var shape = PaperShapes.For(task);
        using var random = shape.RandomBatch();
        using var built = shape.Build(ModelKind.WGN, RecurrentNoise.Fast, random);

        // Then batch, steps, vocabulary and classes are the paper's, and so are the model's embedding and hidden sizes
        Assert.That((shape.Batch, shape.Steps, shape.Vocabulary, shape.Classes), Is.EqualTo((batch, steps, vocabulary, classes)));
        var (modelEmbedding, modelHidden, modelVocabulary) = built.Model switch
        {
            TextClassifier classifier => ((long?)classifier.Config.EmbeddingDim, classifier.Config.HiddenSize, classifier.Config.VocabularySize),
            LanguageModel lm => ((long?)null, lm.Config.HiddenSize, lm.Config.VocabularySize),
            _ => throw new AssertionException($"unexpected model {built.Model.GetType().Name}"),
        };
        Assert.That((modelEmbedding, modelHidden, modelVocabulary), Is.EqualTo((embedding, hidden, vocabulary)));
    }

    [Test]
    public void Should_BuildTheExperimentsModel_When_ABenchmarkTaskIsMade()
    {
        // Given PTB word's shapes and a random batch of them
        using var scope = NewDisposeScope();
        var shape = PaperShapes.For("ptb-word");
        using var batch = shape.RandomBatch();

        // When its W+G+N benchmark task is built and its loss computed
        using var task = shape.Build(ModelKind.WGN, RecurrentNoise.Fast, batch);
        double loss = task.DataLoss().item<float>();

        // Then the model is the experiment's (hidden size of the paper config, clip 10) and the loss is finite
        Assert.That(((LanguageModel)task.Model).Config.HiddenSize, Is.EqualTo(256));
        Assert.That((task.Clip, task.TrainSize), Is.EqualTo(((double?)10.0, 929_589L)));
        Assert.That(double.IsFinite(loss), Is.True);
    }
}
