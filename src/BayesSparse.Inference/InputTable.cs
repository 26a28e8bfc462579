using System.Numerics.Tensors;

namespace BayesSparse.Inference;

/// <summary>
/// The input side of a compressed LSTM as a lookup: for each input id its contribution to the live gate
/// preactivations (W^x times the one-hot vector, or times the embedding row for classifiers, with z folded in).
/// Ids whose row is all zero (removed vocabulary entries, unused words) share no storage: they add nothing. The
/// stored rows are dense, or CSR when at most a third of their entries are nonzero (a language model's one-hot input
/// keeps the sparsity of W^x: the table of a PTB word model shrinks from ~30 MB to a few).
/// </summary>
public sealed class InputTable
{
    private readonly int[] _rowOf;      // (V): row in _rows, or -1 for a zero contribution
    private readonly IMatrix _rows;     // (stored ids, live gates), dense or CSR

    private InputTable(int[] rowOf, IMatrix rows)
    {
        if (rowOf.Any(r => r < -1 || r >= rows.Rows)) throw new InvalidDataException("inconsistent input table");
        (_rowOf, _rows) = (rowOf, rows);
    }

    /// <summary>Keeps the nonzero rows of a (V, live gates) table.</summary>
    public static InputTable FromDense(DenseMatrix table)
    {
        var rowOf = new int[table.Rows];
        var kept = new List<int>();
        for (int v = 0; v < table.Rows; v++)
        {
            bool zero = TensorPrimitives.IndexOfMaxMagnitude(table.Row(v)) is var i && (i < 0 || table.Row(v)[i] == 0);
            rowOf[v] = zero ? -1 : kept.Count;
            if (!zero) kept.Add(v);
        }
        var values = new float[kept.Count * table.Columns];
        for (int k = 0; k < kept.Count; k++) table.Row(kept[k]).CopyTo(values.AsSpan(k * table.Columns));
        var rows = new DenseMatrix(kept.Count, table.Columns, values);
        return new InputTable(rowOf, 3 * rows.Nonzeros <= rows.StoredEntries ? CsrMatrix.FromDense(rows) : rows);
    }

    /// <summary>Per id: its row of <see cref="StoredRows"/>, or -1 when it adds nothing.</summary>
    internal IReadOnlyList<int> RowOf => _rowOf;

    /// <summary>The stored rows, (stored ids, live gates).</summary>
    internal IMatrix StoredRows => _rows;

    /// <summary>Input ids (vocabulary size).</summary>
    public int Ids => _rowOf.Length;

    /// <summary>Ids with a nonzero contribution.</summary>
    public int StoredIds => _rows.Rows;

    /// <summary>Live gate preactivations per id.</summary>
    public int Width => _rows.Columns;

    /// <summary>
    /// Adds the contribution of <paramref name="id"/> to column <paramref name="column"/> of the (<see cref="Width"/>,
    /// <paramref name="width"/>) block <paramref name="target"/>; a negative id (no input) adds nothing.
    /// </summary>
    public void AddTo(int id, float[] target, int width, int column)
    {
        if (id >= _rowOf.Length) throw new ArgumentOutOfRangeException(nameof(id), $"input id {id} is outside the vocabulary of {_rowOf.Length}");
        if (id < 0 || _rowOf[id] < 0) return;
        if (_rows is CsrMatrix sparse)
        {
            sparse.AddRowTo(_rowOf[id], target, width, column);
            return;
        }
        var row = ((DenseMatrix)_rows).Row(_rowOf[id]);
        if (width == 1)
        {
            TensorPrimitives.Add(target, row, target);
            return;
        }
        for (int l = 0; l < row.Length; l++) target[l * width + column] += row[l];
    }

    /// <summary>Writes the table.</summary>
    public void Write(BinaryWriter writer)
    {
        ModelIO.WriteArray(writer, _rowOf);
        _rows.Write(writer);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static InputTable Read(BinaryReader reader)
    {
        var rowOf = ModelIO.ReadInts(reader);
        return new InputTable(rowOf, MatrixFormat.Read(reader));
    }
}
