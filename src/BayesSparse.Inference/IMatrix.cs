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

    /// <summary>
    /// Y = A X + b 1ᵀ (a linear layer, torch's <c>linear</c>) for a block of <paramref name="width"/> vectors, shaped as
    /// in <see cref="MultiplyAdd"/>: every entry of <paramref name="y"/> is written and none is read, so a reused buffer
    /// needs no clearing, and the bias costs no pass of its own over the output.
    /// </summary>
    /// <param name="x">(<see cref="Columns"/>, width), row-major.</param>
    /// <param name="bias">b: one value per row.</param>
    /// <param name="y">(<see cref="Rows"/>, width), row-major.</param>
    /// <param name="width">Vectors in the block.</param>
    void Linear(float[] x, float[] bias, float[] y, int width);

    /// <summary>Writes the format tag and contents.</summary>
    void Write(BinaryWriter writer);
}
