namespace BayesSparse.Inference;

/// <summary>
/// What the engine's matrix formats share: the checked products of <see cref="IMatrix"/>, run on the calling thread
/// or with their rows split over the cores (<see cref="RowBlocks"/>) when the work pays for the hand-off. A format
/// writes the product of a range of rows and says what a product's work is.
/// </summary>
public abstract class RowBlockMatrix(int rows, int columns) : IMatrix
{
    /// <inheritdoc />
    public int Rows { get; } = rows;

    /// <inheritdoc />
    public int Columns { get; } = columns;

    /// <inheritdoc />
    public abstract long StoredEntries { get; }

    /// <inheritdoc />
    public abstract long Nonzeros { get; }

    /// <inheritdoc />
    public void MultiplyAdd(float[] x, float[] y, int width)
    {
        MatrixShapes.Check(this, x, y, width);
        Multiply(x, null, y, width);
    }

    /// <inheritdoc />
    public void Linear(float[] x, float[] bias, float[] y, int width)
    {
        MatrixShapes.Check(this, x, bias, y, width);
        Multiply(x, bias, y, width);
    }

    /// <inheritdoc />
    public abstract void Write(BinaryWriter writer);

    /// <summary>The work of a product of <paramref name="width"/> vectors in multiply-adds, as far as the split over the cores goes.</summary>
    private protected abstract long Work(int width);

    /// <summary>y[first..end) = s + A X, s the rows' <paramref name="bias"/> or, when null, y itself (the operands already checked).</summary>
    internal abstract void MultiplyRows(float[] x, float[]? bias, float[] y, int width, int first, int end);

    private void Multiply(float[] x, float[]? bias, float[] y, int width)
    {
        if (RowBlocks.Splits(Work(width))) MultiplySplit(x, bias, y, width);
        else MultiplyRows(x, bias, y, width, 0, Rows);
    }

    /// <summary>The product over the cores (its own method, so the small products allocate no closure).</summary>
    private void MultiplySplit(float[] x, float[]? bias, float[] y, int width) => RowBlocks.For(Rows, (first, end) => MultiplyRows(x, bias, y, width, first, end));
}
