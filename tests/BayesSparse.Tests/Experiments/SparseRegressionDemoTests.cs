using BayesSparse.Experiments;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
public sealed class SparseRegressionDemoTests
{
    [Test]
    public void Should_KeepTheInformativeInputs_And_RemoveMostOthers_When_FittedWithSparseVD()
    {
        // Given 100 inputs of which 5 matter, 80 examples
        var settings = new SparseRegressionDemo.Settings();

        // When SparseVD is fitted
        var result = SparseRegressionDemo.Run(settings);

        // Then the 5 survive and at least 90% of the 95 others are removed
        Assert.That(result.KeptInputs, Is.SupersetOf(Enumerable.Range(0, settings.Informative)));
        int irrelevantKept = result.KeptInputs.Count(i => i >= settings.Informative);
        Assert.That(irrelevantKept, Is.LessThanOrEqualTo(9), $"kept: {string.Join(",", result.KeptInputs)}");
        Assert.That(result.TrainRmse, Is.LessThan(3 * settings.NoiseStd), "the masked model still fits");
    }

    [Test]
    public void Should_GiveIdenticalLoss_When_SameSeed()
    {
        var settings = new SparseRegressionDemo.Settings(Steps: 50, Seed: 11);
        var first = SparseRegressionDemo.Run(settings);
        var second = SparseRegressionDemo.Run(settings);
        var other = SparseRegressionDemo.Run(settings with { Seed = 12 });
        Assert.That(second.FinalLoss, Is.EqualTo(first.FinalLoss));
        Assert.That(other.FinalLoss, Is.Not.EqualTo(first.FinalLoss));
    }
}
