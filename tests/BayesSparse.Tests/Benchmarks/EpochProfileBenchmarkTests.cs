using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Benchmarks;

[TestFixture]
public sealed class EpochProfileBenchmarkTests
{
    [Test]
    public void Should_ProfileTheStructureEvalUses_When_AskedToCutTheUnused()
    {
        // Given an uncut IMDb W+G+N smoke run whose learning rate makes eval drop structure within three epochs
        var smoke = ExperimentConfig.Load(ConfigLocator.Find("imdb", "smoke"));
        var config = smoke with
        {
            Data = smoke.Data with { MaxBatchesPerEpoch = 8 },
            Training = smoke.Training.WithoutCompaction() with { Epochs = 3, LearningRate = 0.05 },
        };
        var folder = Path.Combine(DataFolders.Scratch(), "run");
        new ExperimentRunner(config, ModelKind.WGN, DataFolders.Slices, folder, torch.CPU).Run(resume: false);

        // When its checkpoint is profiled as it is and cut to eval's structure
        var asIs = EpochProfileBenchmark.Run(config, ModelKind.WGN, DataFolders.Slices, folder, 1, 0, torch.CPU);
        var cut = EpochProfileBenchmark.Run(config, ModelKind.WGN, DataFolders.Slices, folder, 1, 0, torch.CPU, cutUnused: true);

        // Then the cut profile ran on fewer parameter elements and says which groups shrank
        Assert.That(cut[0].Parameters, Is.LessThan(asIs[0].Parameters));
        Assert.That(asIs[0].Groups, Does.Contain("lstm.hidden 16").And.Contain("embedding.vocabulary"));
        Assert.That(cut[0].Groups, Is.Not.EqualTo(asIs[0].Groups));
        Assert.That(cut.Single(r => r.Section == "epoch").Ms, Is.GreaterThan(0));
        Assert.That(asIs.Select(r => r.Device).Distinct(), Is.EqualTo(new[] { "cpu" }));
    }
}
