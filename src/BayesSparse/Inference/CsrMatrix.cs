using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// Compressed sparse rows: the nonzeros of each row with their column indices. A vector product gathers the
/// inputs of each row's nonzeros; a block product adds each nonzero times a whole input row (SIMD over the block).
/// </summary>
public sealed class CsrMatrix : IMatrix
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 2;

    private readonly int[] _rowStart;
    private readonly int[] _columnIndex;
    private readonly float[] _values;

    private CsrMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, float[] values)
    {
        if (rowStart.Length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != values.Length || columnIndex.Length != values.Length
            || rowStart.Zip(rowStart.Skip(1)).Any(p => p.First > p.Second) || columnIndex.Any(c => c < 0 || c >= columns))
            throw new InvalidDataException("inconsistent CSR matrix");
        (Rows, Columns, _rowStart, _columnIndex, _values) = (rows, columns, rowStart, columnIndex, values);
    }

    /// <summary>The nonzeros of a dense matrix.</summary>
    public static CsrMatrix FromDense(DenseMatrix dense)
    {
        var rowStart = new int[dense.Rows + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < dense.Rows; r++)
        {
            var row = dense.Row(r);
            for (int c = 0; c < row.Length; c++)
                if (row[c] != 0)
                {
                    columns.Add(c);
                    values.Add(row[c]);
                }
            rowStart[r + 1] = values.Count;
        }
        return new CsrMatrix(dense.Rows, dense.Columns, rowStart, [.. columns], [.. values]);
    }

    /// <inheritdoc />
    public int Rows { get; }

    /// <inheritdoc />
    public int Columns { get; }

    /// <inheritdoc />
    public long StoredEntries => _values.Length;

    /// <inheritdoc />
    public void MultiplyAdd(float[] x, float[] y, int width)
    {
        MatrixShapes.Check(this, x, y, width);
        RowBlocks.For(Rows, StoredEntries * width, width == 1 ? (first, end) => Gather(x, y, first, end) : (first, end) => Scatter(x, y, width, first, end));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scatter(float[] x, float[] y, int width, int first, int end)
    {
        for (int r = first; r < end; r++)
        {
            var (start, count) = (_rowStart[r], _rowStart[r + 1] - _rowStart[r]);
            BlockKernel.AddRow(_values.AsSpan(start, count), _columnIndex.AsSpan(start, count), x, y.AsSpan(r * width, width), width);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(float[] x, float[] y, int first, int end)
    {
        ReadOnlySpan<int> columns = _columnIndex;
        ReadOnlySpan<float> values = _values, input = x;
        for (int r = first; r < end; r++)
        {
            int k = _rowStart[r], stop = _rowStart[r + 1];
            float s0 = 0, s1 = 0;
            for (; k + 1 < stop; k += 2)
            {
                s0 += values[k] * input[columns[k]];
                s1 += values[k + 1] * input[columns[k + 1]];
            }
            if (k < stop) s0 += values[k] * input[columns[k]];
            y[r] += s0 + s1;
        }
    }

    /// <inheritdoc />
    public void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Rows);
        writer.Write(Columns);
        ModelIO.WriteArray(writer, _rowStart);
        ModelIO.WriteArray(writer, _columnIndex);
        ModelIO.WriteArray(writer, _values);
    }

    /// <summary>Reads what <see cref="Write"/> wrote after the tag.</summary>
    public static CsrMatrix Read(BinaryReader reader)
    {
        int rows = reader.ReadInt32(), columns = reader.ReadInt32();
        return new CsrMatrix(rows, columns, ModelIO.ReadInts(reader), ModelIO.ReadInts(reader), ModelIO.ReadFloats(reader));
    }
}
