using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// Compressed sparse rows: the nonzeros of each row with their column indices. A vector product gathers the
/// inputs of each row's nonzeros; a block product adds each nonzero times a whole input row (SIMD over the block).
/// </summary>
public sealed class CsrMatrix : RowBlockMatrix
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 2;

    private readonly int[] _rowStart;
    private readonly int[] _columnIndex;
    private readonly float[] _values;

    private CsrMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, float[] values) : base(rows, columns)
    {
        if (rowStart.Length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != values.Length || columnIndex.Length != values.Length
            || rowStart.Zip(rowStart.Skip(1)).Any(p => p.First > p.Second) || columnIndex.Any(c => c < 0 || c >= columns))
            throw new InvalidDataException("inconsistent CSR matrix");
        (_rowStart, _columnIndex, _values) = (rowStart, columnIndex, values);
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

    /// <summary>Adds row <paramref name="row"/> to column <paramref name="column"/> of the (<see cref="RowBlockMatrix.Columns"/>, <paramref name="width"/>) block <paramref name="target"/>.</summary>
    internal void AddRowTo(int row, float[] target, int width, int column)
    {
        for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++) target[_columnIndex[k] * width + column] += _values[k];
    }

    /// <summary>The same matrix with its zeros stored.</summary>
    internal DenseMatrix ToDense()
    {
        var values = new float[(long)Rows * Columns];
        for (int r = 0; r < Rows; r++)
            for (int k = _rowStart[r]; k < _rowStart[r + 1]; k++) values[(long)r * Columns + _columnIndex[k]] = _values[k];
        return new DenseMatrix(Rows, Columns, values);
    }

    /// <inheritdoc />
    public override long StoredEntries => _values.Length;

    /// <inheritdoc />
    public override long Nonzeros => _values.Count(v => v != 0);

    /// <summary>A gathered multiply-add of a vector product (width 1) counts as a whole SIMD vector of work, about what it costs (docs/results.md times the PTB word output layer both ways).</summary>
    private protected override long Work(int width) => StoredEntries * (width == 1 ? System.Numerics.Vector<float>.Count : width);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override unsafe void MultiplyRows(float[] x, float[]? bias, float[] y, int width, int first, int end)
    {
        fixed (float* values = _values, input = x, output = y, initial = bias)
        fixed (int* columns = _columnIndex)
        {
            for (int r = first; r < end; r++)
            {
                int start = _rowStart[r], count = _rowStart[r + 1] - start;
                if (width == 1) output[r] = (initial == null ? output[r] : initial[r]) + BlockKernel.GatherDot(values + start, columns + start, count, input);
                else BlockKernel.AddRow(values + start, columns + start, count, input, output + (long)r * width, width, initial == null ? null : initial + r);
            }
        }
    }

    /// <inheritdoc />
    public override void Write(BinaryWriter writer)
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
