using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>A row-major dense matrix: a vector product is a SIMD dot product per row, a block product uses <see cref="BlockKernel"/>.</summary>
public sealed class DenseMatrix(int rows, int columns, float[] values) : RowBlockMatrix(rows, columns)
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 1;

    /// <summary>Row-major values.</summary>
    public float[] Values { get; } = values.Length == (long)rows * columns ? values : throw new InvalidDataException($"{values.Length} values do not fill a {rows}x{columns} matrix");

    /// <inheritdoc />
    public override long StoredEntries => Values.Length;

    /// <inheritdoc />
    public override long Nonzeros => Values.Count(v => v != 0);

    /// <inheritdoc />
    private protected override long Work(int width) => StoredEntries * width;

    /// <summary>Row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <inheritdoc />
    internal override void MultiplyRows(float[] x, float[]? bias, float[] y, int width, int first, int end)
    {
        if (width == 1) MultiplyVector(x, bias, y, first, end);
        else MultiplyBlock(x, bias, y, width, first, end);
    }

    /// <summary>
    /// y[first..end) = s + A x. A small matrix (at most <see cref="TransposedRows"/> rows) goes through its transpose, as a
    /// sum of x[k] times row k of Aᵀ with the output held in SIMD registers (<see cref="BlockKernel.AddRowShort"/>), rows padded
    /// to whole vectors: a dot product per row pays a call and a horizontal sum for a few dozen values, which dominated
    /// a compressed step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void MultiplyVector(float[] x, float[]? bias, float[] y, int first, int end)
    {
        if (Rows <= TransposedRows && first == 0 && end == Rows)
        {
            int padded = (Rows + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
            _transposed ??= Transposed(padded);
            Span<float> sum = stackalloc float[padded];
            (bias ?? y).AsSpan(0, Rows).CopyTo(sum);
            fixed (float* weights = x, columns = _transposed, output = sum)
                BlockKernel.AddRowShort(weights, Columns, columns, output, padded);
            sum[..Rows].CopyTo(y);
            return;
        }
        for (int r = first; r < end; r++) y[r] = (bias ?? y)[r] + TensorPrimitives.Dot(Row(r), x);
    }

    /// <summary>Matrices with at most this many rows multiply a vector through their transpose.</summary>
    private const int TransposedRows = 512;

    private float[]? _transposed;

    /// <summary>Aᵀ row-major, (Columns, <paramref name="stride"/>): each row of Aᵀ padded with zeros to <paramref name="stride"/> (at least Rows) values.</summary>
    public float[] Transposed(int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, Rows);
        var result = new float[(long)Columns * stride];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++) result[(long)c * stride + r] = Values[(long)r * Columns + c];
        return result;
    }

    /// <summary>
    /// y[first..end) = s + A X for a block. A matrix at most half of whose entries are nonzero multiplies blocks through
    /// its nonzeros (a CSR copy made once): each term of a block product costs a whole row of SIMD work, zero or not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void MultiplyBlock(float[] x, float[]? bias, float[] y, int width, int first, int end)
    {
        _nonzeros ??= 2 * Nonzeros <= StoredEntries ? CsrMatrix.FromDense(this) : this;
        if (_nonzeros is CsrMatrix csr)
        {
            csr.MultiplyRows(x, bias, y, width, first, end);
            return;
        }
        fixed (float* values = Values, input = x, output = y, initial = bias)
            for (int r = first; r < end; r++)
                BlockKernel.AddRow(values + (long)r * Columns, null, Columns, input, output + (long)r * width, width, initial == null ? null : initial + r);
    }

    private IMatrix? _nonzeros;

    /// <inheritdoc />
    public override void Write(BinaryWriter writer)
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
