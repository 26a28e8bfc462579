using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Benchmarks;

[TestFixture]
public sealed class PaperShapesTests
{
    [TestCase("imdb", 128, 200, 20_003L, 2L)]
    [TestCase("agnews", 128, 100, 20_003L, 4L)]
    [TestCase("ptb-char", 64, 100, 50L, null)]
    [TestCase("ptb-word", 32, 35, 10_000L, null)]
    public void Should_TakeTheShapesOfThePaperConfig_When_AskedForATask(string task, int batch, int steps, long vocabulary, long? classes)
    {
        // When the benchmark shapes of a task are read
        var shape = PaperShapes.For(task);
        var config = ExperimentConfig.Load(ConfigLocator.Find(task, "paper"));

        // Then they are the paper config's batch and steps, and the task's vocabulary and classes
        Assert.That((shape.Batch, shape.Steps), Is.EqualTo((config.Data.BatchSize, config.Data.Steps)));
        Assert.That((shape.Batch, shape.Steps, shape.Vocabulary, shape.Classes), Is.EqualTo((batch, steps, vocabulary, classes)));
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
