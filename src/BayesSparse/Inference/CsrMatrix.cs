namespace BayesSparse.Inference;

/// <summary>Compressed sparse rows: the nonzeros of each row with their column indices.</summary>
public sealed class CsrMatrix : IMatrix
{
    /// <summary>Format tag in the model file.</summary>
    public const byte Tag = 2;

    private readonly int[] _rowStart;
    private readonly int[] _columnIndex;
    private readonly float[] _values;

    private CsrMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, float[] values)
    {
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
    public void MultiplyAdd(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int r = 0; r < Rows; r++)
        {
            float sum = 0;
            for (int k = _rowStart[r]; k < _rowStart[r + 1]; k++) sum += _values[k] * x[_columnIndex[k]];
            y[r] += sum;
        }
    }

    /// <inheritdoc />
    public void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Rows);
        writer.Write(Columns);
        writer.Write(_values.Length);
        foreach (var s in _rowStart) writer.Write(s);
        foreach (var c in _columnIndex) writer.Write(c);
        foreach (var v in _values) writer.Write(v);
    }

    /// <summary>Reads what <see cref="Write"/> wrote after the tag.</summary>
    public static CsrMatrix Read(BinaryReader reader)
    {
        int rows = reader.ReadInt32(), columns = reader.ReadInt32(), count = reader.ReadInt32();
        var rowStart = new int[rows + 1];
        for (int i = 0; i <= rows; i++) rowStart[i] = reader.ReadInt32();
        var columnIndex = new int[count];
        for (int i = 0; i < count; i++) columnIndex[i] = reader.ReadInt32();
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadSingle();
        if (rowStart[rows] != count || columnIndex.Any(c => c < 0 || c >= columns)) throw new InvalidDataException("inconsistent CSR matrix");
        return new CsrMatrix(rows, columns, rowStart, columnIndex, values);
    }
}
