using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Benchmarks;

[TestFixture]
public sealed class InferenceBenchmarkTests
{
    [Test]
    public void Should_RateEveryEngineAgainstTheFasterSmallerDenseModel_When_TheShippedClassifierIsTimed()
    {
        // Given the shipped 800-epoch IMDb classifier and the cpu profile's shapes, as 'bench inference --model' takes them
        var model = (CompressedTextClassifier)CompressedModel.Load(RepositoryFiles.Path("models", "imdb-wgn-e800.bsm"));
        var cpu = ExperimentConfig.Load(ConfigLocator.Find("imdb", "cpu"));
        var config = cpu with { Data = cpu.Data with { Steps = model.Steps } };

        // When the benchmark runs with one short sample a row
        var rows = InferenceBenchmark.Run(config, model, new InferenceBenchmark.Sampling(Repetitions: 1, SampleMs: 1, WarmUpMs: 0));

        // Then each batch has its six rows, and each row's rating is the faster smaller dense model's time over its own
        // (so that model reads 1 and the slower one less)
        Assert.That(rows.Select(r => r.Batch).Distinct(), Is.EqualTo(new[] { 1, 64 }));
        foreach (var batch in rows.GroupBy(r => r.Batch))
        {
            var smaller = batch.Where(r => r.Engine.StartsWith("neurons removed", StringComparison.Ordinal)).ToList();
            Assert.That((batch.Count(), smaller.Count), Is.EqualTo((6, 2)), $"batch {batch.Key}");
            double fastest = smaller.Min(r => r.MsPerToken);
            foreach (var row in batch)
                Assert.That(row.SpeedUpOverSmallerDense, Is.EqualTo(fastest / row.MsPerToken).Within(1e-12), $"{row.Engine}, batch {batch.Key}");
            Assert.That(smaller.Select(r => r.SpeedUpOverSmallerDense).Max(), Is.EqualTo(1));
        }
    }
}
