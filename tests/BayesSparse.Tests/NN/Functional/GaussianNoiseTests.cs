using BayesSparse.NN.Functional;
using MathNet.Numerics.Distributions;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Functional;

[TestFixture]
public sealed class GaussianNoiseTests
{
    [Test]
    public void Should_BeStandardNormal_When_DrawnOnCpu()
    {
        // Given 1,000,003 values (many chunks, the last one ragged and odd)
        using var scope = NewDisposeScope();
        manual_seed(5);
        var noise = GaussianNoise.Normal([1_000_003], ScalarType.Float32, CPU);

        // When their moments and empirical distribution are computed
        var values = noise.data<float>().ToArray();
        double mean = values.Average(v => (double)v);
        double std = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
        var sorted = values.Take(200_000).Select(v => (double)v).Order().ToArray();
        double ks = sorted.Select((v, i) => Math.Max(Math.Abs(Normal.CDF(0, 1, v) - (i + 1.0) / sorted.Length),
            Math.Abs(Normal.CDF(0, 1, v) - (double)i / sorted.Length))).Max();
        // The two halves of a chunk come from the same uniform pairs (cos and sin): they must be uncorrelated.
        var firstHalf = noise[..4096].to(ScalarType.Float64);
        var secondHalf = noise[4096..8192].to(ScalarType.Float64);
        double correlation = (firstHalf * secondHalf).mean().item<double>();

        // Then mean 0, standard deviation 1, a Kolmogorov-Smirnov distance below the 1% critical value, no correlation
        Assert.That(values.All(float.IsFinite), Is.True);
        Assert.That(Math.Abs(mean), Is.LessThan(0.005));
        Assert.That(Math.Abs(std - 1), Is.LessThan(0.005));
        Assert.That(ks, Is.LessThan(1.63 / Math.Sqrt(sorted.Length)));
        Assert.That(Math.Abs(correlation), Is.LessThan(0.06));
    }

    [Test]
    public void Should_RepeatWithTheTorchSeed_And_DifferBetweenDraws()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var first = GaussianNoise.Normal([3, 10_000], ScalarType.Float32, CPU);
        var second = GaussianNoise.Normal([3, 10_000], ScalarType.Float32, CPU);
        manual_seed(9);
        var again = GaussianNoise.Normal([3, 10_000], ScalarType.Float32, CPU);

        Assert.That(TensorAssert.Identical(first, again), Is.True, "torch.manual_seed fixes the noise");
        Assert.That(TensorAssert.Identical(first, second), Is.False, "consecutive draws differ");
        Assert.That(GaussianNoise.Like(zeros(4, 2, dtype: ScalarType.Float64)).dtype, Is.EqualTo(ScalarType.Float64));
    }
}
