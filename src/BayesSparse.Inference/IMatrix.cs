namespace BayesSparse.Inference;

/// <summary>A read-only float matrix of the compressed engine, dense or CSR.</summary>
public interface IMatrix
{
    /// <summary>Rows.</summary>
    int Rows { get; }

    /// <summary>Columns.</summary>
    int Columns { get; }

    /// <summary>Stored entries (all for dense, nonzeros for CSR).</summary>
    long StoredEntries { get; }

    /// <summary>Nonzero entries: the multiply-adds a sparse product needs per vector, whatever the storage.</summary>
    long Nonzeros { get; }

    /// <summary>
    /// Y += A X for a block of <paramref name="width"/> vectors: <paramref name="x"/> is (<see cref="Columns"/>, width)
    /// and <paramref name="y"/> is (<see cref="Rows"/>, width), both row-major, so one vector is one column.
    /// </summary>
    void MultiplyAdd(float[] x, float[] y, int width);

    /// <summary>Writes the format tag and contents.</summary>
    void Write(BinaryWriter writer);
}
