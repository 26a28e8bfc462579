using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>A row-major dense matrix: a vector product is a SIMD dot product per row, a block product uses <see cref="BlockKernel"/>.</summary>
public sealed class DenseMatrix(int rows, int columns, float[] values) : IMatrix
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 1;

    /// <inheritdoc />
    public int Rows { get; } = rows;

    /// <inheritdoc />
    public int Columns { get; } = columns;

    /// <summary>Row-major values.</summary>
    public float[] Values { get; } = values.Length == (long)rows * columns ? values : throw new InvalidDataException($"{values.Length} values do not fill a {rows}x{columns} matrix");

    /// <inheritdoc />
    public long StoredEntries => Values.Length;

    /// <inheritdoc />
    public long Nonzeros => Values.Count(v => v != 0);

    /// <summary>Row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <inheritdoc />
    public void MultiplyAdd(float[] x, float[] y, int width)
    {
        MatrixShapes.Check(this, x, y, width);
        if (width == 1)
        {
            RowBlocks.For(Rows, StoredEntries, (first, end) => MultiplyVector(x, y, first, end));
            return;
        }
        RowBlocks.For(Rows, StoredEntries * width, (first, end) => MultiplyBlock(x, y, width, first, end));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyVector(float[] x, float[] y, int first, int end)
    {
        for (int r = first; r < end; r++) y[r] += TensorPrimitives.Dot(Row(r), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void MultiplyBlock(float[] x, float[] y, int width, int first, int end)
    {
        fixed (float* values = Values, input = x, output = y)
            for (int r = first; r < end; r++)
                BlockKernel.AddRow(values + (long)r * Columns, null, Columns, input, output + (long)r * width, width);
    }

    /// <inheritdoc />
    public void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Rows);
        writer.Write(Columns);
        ModelIO.WriteArray(writer, Values);
    }

    /// <summary>Reads what <see cref="Write"/> wrote after the tag.</summary>
    public static DenseMatrix Read(BinaryReader reader)
    {
        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        if (rows < 0 || columns < 0) throw new InvalidDataException($"a dense matrix of {rows}x{columns}");
        return new DenseMatrix(rows, columns, ModelIO.ReadFloats(reader));
    }
}
