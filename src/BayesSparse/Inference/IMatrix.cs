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

    /// <summary>y += A x, with <paramref name="x"/> of length <see cref="Columns"/> and <paramref name="y"/> of length <see cref="Rows"/>.</summary>
    void MultiplyAdd(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>Writes the format tag and contents.</summary>
    void Write(BinaryWriter writer);
}
