using System.Numerics;

namespace BayesSparse.Inference;

/// <summary>A row-major dense matrix; the product uses <see cref="Vector{T}"/> dot products.</summary>
public sealed class DenseMatrix(int rows, int columns, float[] values) : IMatrix
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 1;

    /// <inheritdoc />
    public int Rows { get; } = rows;

    /// <inheritdoc />
    public int Columns { get; } = columns;

    /// <summary>Row-major values.</summary>
    public float[] Values { get; } = values.Length == rows * columns ? values : throw new ArgumentException("values do not match the shape");

    /// <inheritdoc />
    public long StoredEntries => Values.Length;

    /// <summary>Row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <inheritdoc />
    public void MultiplyAdd(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int r = 0; r < Rows; r++) y[r] += Dot(Row(r), x);
    }

    /// <summary>SIMD dot product.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int width = Vector<float>.Count, i = 0;
        var sum = Vector<float>.Zero;
        for (; i <= a.Length - width; i += width) sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        float total = Vector.Dot(sum, Vector<float>.One);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <inheritdoc />
    public void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Rows);
        writer.Write(Columns);
        foreach (var v in Values) writer.Write(v);
    }

    /// <summary>Reads what <see cref="Write"/> wrote after the tag.</summary>
    public static DenseMatrix Read(BinaryReader reader)
    {
        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        var values = new float[checked(rows * columns)];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return new DenseMatrix(rows, columns, values);
    }
}
