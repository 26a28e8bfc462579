using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

[TestFixture]
public sealed class MatrixTests
{
    [TestCase(1, 0.7)]
    [TestCase(5, 0.7)]
    [TestCase(40, 0.7)]
    [TestCase(64, 0.7)]
    [TestCase(1, 0.2)]
    [TestCase(13, 0.2)]
    [TestCase(64, 0.2)]
    public void Should_MultiplyAsTheDefinition_When_DenseOrCsr(int width, double sparsity)
    {
        // Given a 37x29 matrix with a share of zeros (a dense block product goes through the nonzeros at 70%, not at 20%),
        // a bias per row and a block of vectors (widths that reach every column loop of the block kernel)
        var random = new Random(width);
        var values = Enumerable.Range(0, 37 * 29).Select(_ => random.NextDouble() < sparsity ? 0f : (float)random.NextDouble() - 0.5f).ToArray();
        var dense = new DenseMatrix(37, 29, values);
        var x = Enumerable.Range(0, 29 * width).Select(_ => (float)random.NextDouble()).ToArray();
        var bias = Enumerable.Range(0, 37).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float Product(int r, int b) => Enumerable.Range(0, 29).Sum(k => values[r * 29 + k] * x[k * width + b]);

        foreach (IMatrix matrix in new IMatrix[] { dense, CsrMatrix.FromDense(dense) })
        {
            // When both formats multiply-add into ones, and apply the layer to an output holding NaN
            var y = Enumerable.Repeat(1f, 37 * width).ToArray();
            matrix.MultiplyAdd(x, y, width);
            var linear = Enumerable.Repeat(float.NaN, 37 * width).ToArray();
            matrix.Linear(x, bias, linear, width);

            // Then Y = 1 + A X and the layer's output is b + A X, the old contents unread
            for (int r = 0; r < 37; r++)
                for (int b = 0; b < width; b++)
                {
                    Assert.That(y[r * width + b], Is.EqualTo(1 + Product(r, b)).Within(1e-4f), $"{matrix.GetType().Name} ({r}, {b})");
                    Assert.That(linear[r * width + b], Is.EqualTo(bias[r] + Product(r, b)).Within(1e-4f), $"{matrix.GetType().Name} linear ({r}, {b})");
                }
        }
        Assert.That(CsrMatrix.FromDense(dense).StoredEntries, Is.EqualTo(values.Count(v => v != 0)));
    }

    [Test]
    public void Should_RejectWrongShapes_When_Multiplying()
    {
        var matrix = new DenseMatrix(3, 2, new float[6]);
        Assert.Throws<ArgumentException>(() => matrix.MultiplyAdd(new float[3], new float[3], 1));
        Assert.Throws<ArgumentException>(() => matrix.Linear(new float[2], new float[2], new float[3], 1));
    }

    [TestCase(1)]
    [TestCase(6)]
    public void Should_AddTheRowOfEachId_When_TheInputTableIsSparse(int width)
    {
        // Given a (50 ids, 24 gates) table, 90% zeros with every fifth row all zero, stored as a lookup
        var random = new Random(width);
        var values = Enumerable.Range(0, 50 * 24).Select(i => i / 24 % 5 == 0 || random.NextDouble() < 0.9 ? 0f : (float)random.NextDouble()).ToArray();
        var table = InputTable.FromDense(new DenseMatrix(50, 24, values));

        // When ids are added to the columns of a (24, width) block, after a write and a read
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) table.Write(writer);
        stream.Position = 0;
        var read = InputTable.Read(new BinaryReader(stream));
        var target = new float[24 * width];
        var ids = Enumerable.Range(0, width).Select(b => (b * 7 + 3) % 50).ToArray();
        for (int b = 0; b < width; b++) read.AddTo(ids[b], target, width, b);

        // Then the rows are stored sparse, the all-zero ids not at all, and each column holds its id's row
        Assert.That(read.StoredRows, Is.InstanceOf<CsrMatrix>());
        Assert.That(read.StoredIds, Is.EqualTo(Enumerable.Range(0, 50).Count(v => values.Skip(v * 24).Take(24).Any(x => x != 0))));
        for (int b = 0; b < width; b++)
            for (int l = 0; l < 24; l++) Assert.That(target[l * width + b], Is.EqualTo(values[ids[b] * 24 + l]), $"id {ids[b]}, gate {l}");
    }
}
