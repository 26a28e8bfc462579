using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

/// <summary>The step's own σ and tanh against the double-precision functions, over the range a preactivation takes and beyond.</summary>
[TestFixture]
public sealed class StepActivationsTests
{
    private static float[] Values() =>
        [.. Enumerable.Range(-4000, 8001).Select(i => i / 100f), -1e-6f, 1e-6f, 0f, -200f, 200f, float.MaxValue / 2, -float.MaxValue / 2];

    [Test]
    public void Should_EqualTheSigmoid_When_AppliedInPlace()
    {
        // Given values from -40 to 40, tiny ones and huge ones (a count that leaves a scalar tail)
        var values = Values();
        var expected = values.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray();

        // When σ is applied in place
        StepActivations.Sigmoid(values);

        // Then each value is within 2.5e-7 of the double-precision σ
        for (int i = 0; i < values.Length; i++) Assert.That(values[i], Is.EqualTo(expected[i]).Within(2.5e-7), $"value {i}");
    }

    [Test]
    public void Should_EqualTheHyperbolicTangent_When_AppliedToAnotherSpan()
    {
        // Given the same values
        var values = Values();
        var result = new float[values.Length];

        // When tanh is applied into another span
        StepActivations.Tanh(values, result);

        // Then each value is within 2.5e-7 of the double-precision tanh, and the input is unchanged
        for (int i = 0; i < values.Length; i++) Assert.That(result[i], Is.EqualTo(Math.Tanh(values[i])).Within(2.5e-7), $"value {i}");
        Assert.That(values, Is.EqualTo(Values()));
    }

    [Test]
    public void Should_ActivateOnlyTheSpan_When_ItIsShorterThanAVector([Range(1, 7)] int length)
    {
        // Given a span of 1-7 values (a compressed step's few live gates) inside a longer array of sentinels
        var values = Enumerable.Repeat(42f, 16).ToArray();
        var input = Enumerable.Range(0, length).Select(k => -3f + 1.7f * k).ToArray();
        input.CopyTo(values, 3);
        var tanhOut = Enumerable.Repeat(42f, 16).ToArray();

        // When σ is applied in place and tanh into another array's span
        StepActivations.Tanh(values.AsSpan(3, length), tanhOut.AsSpan(5, length));
        StepActivations.Sigmoid(values.AsSpan(3, length));

        // Then the span holds the functions' values and nothing around it was written
        for (int k = 0; k < length; k++)
        {
            Assert.That(values[3 + k], Is.EqualTo(1 / (1 + Math.Exp(-(double)input[k]))).Within(2.5e-7), $"σ {k}");
            Assert.That(tanhOut[5 + k], Is.EqualTo(Math.Tanh(input[k])).Within(2.5e-7), $"tanh {k}");
        }
        Assert.That(values.Take(3).Concat(values.Skip(3 + length)), Is.All.EqualTo(42f));
        Assert.That(tanhOut.Take(5).Concat(tanhOut.Skip(5 + length)), Is.All.EqualTo(42f));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(34)]
    [TestCase(2176)]
    public void Should_UpdateTheCellAsTheDefinition_When_GatesAreGiven(int length)
    {
        // Given gates in (0, 1), g in (-1, 1) and a cell state, of a length with a ragged end or none
        var random = new Random(length);
        float[] Draw(float low, float high) => [.. Enumerable.Range(0, length).Select(_ => low + (high - low) * random.NextSingle())];
        var (i, f, g, o, c) = (Draw(0, 1), Draw(0, 1), Draw(-1, 1), Draw(0, 1), Draw(-3, 3));
        var expectedC = Enumerable.Range(0, length).Select(k => (double)f[k] * c[k] + (double)i[k] * g[k]).ToArray();
        var h = new float[length];

        // When the cell is updated
        StepActivations.CellUpdate(i, f, g, o, c, h);

        // Then c = f c + i g and h = o tanh(c), everywhere
        for (int k = 0; k < length; k++)
        {
            Assert.That(c[k], Is.EqualTo(expectedC[k]).Within(1e-6), $"c {k}");
            Assert.That(h[k], Is.EqualTo(o[k] * Math.Tanh(expectedC[k])).Within(1e-6), $"h {k}");
        }
    }
}
