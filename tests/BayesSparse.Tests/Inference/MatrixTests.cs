using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

[TestFixture]
public sealed class MatrixTests
{
    [TestCase(1)]
    [TestCase(5)]
    [TestCase(64)]
    public void Should_MultiplyAsTheDefinition_When_DenseOrCsr(int width)
    {
        // Given a 70%-sparse 37x29 matrix and a block of vectors
        var random = new Random(width);
        var values = Enumerable.Range(0, 37 * 29).Select(_ => random.NextDouble() < 0.7 ? 0f : (float)random.NextDouble() - 0.5f).ToArray();
        var dense = new DenseMatrix(37, 29, values);
        var x = Enumerable.Range(0, 29 * width).Select(_ => (float)random.NextDouble()).ToArray();
        var expected = new float[37 * width];
        for (int r = 0; r < 37; r++)
            for (int b = 0; b < width; b++)
                expected[r * width + b] = 1 + Enumerable.Range(0, 29).Sum(k => values[r * 29 + k] * x[k * width + b]);

        // When both formats multiply-add into ones
        foreach (IMatrix matrix in new IMatrix[] { dense, CsrMatrix.FromDense(dense) })
        {
            var y = Enumerable.Repeat(1f, 37 * width).ToArray();
            matrix.MultiplyAdd(x, y, width);

            // Then Y = 1 + A X
            Assert.That(y, Is.EqualTo(expected).Within(1e-4f), matrix.GetType().Name);
        }
        Assert.That(CsrMatrix.FromDense(dense).StoredEntries, Is.EqualTo(values.Count(v => v != 0)));
    }

    [Test]
    public void Should_RejectWrongShapes_When_Multiplying()
    {
        var matrix = new DenseMatrix(3, 2, new float[6]);
        Assert.Throws<ArgumentException>(() => matrix.MultiplyAdd(new float[3], new float[3], 1));
    }
}
