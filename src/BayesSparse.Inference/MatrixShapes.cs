namespace BayesSparse.Inference;

/// <summary>Argument checks shared by the matrix formats.</summary>
internal static class MatrixShapes
{
    /// <summary>Throws unless x is (Columns, width) and y is (Rows, width).</summary>
    public static void Check(IMatrix matrix, float[] x, float[] y, int width)
    {
        if (width < 1 || x.Length != (long)matrix.Columns * width || y.Length != (long)matrix.Rows * width)
            throw new ArgumentException($"a {matrix.Rows}x{matrix.Columns} product needs x of {matrix.Columns}x{width} and y of {matrix.Rows}x{width}; got {x.Length} and {y.Length} values");
    }

    /// <summary>Throws unless x and y are shaped as in <see cref="Check(IMatrix, float[], float[], int)"/> and there is one bias per row.</summary>
    public static void Check(IMatrix matrix, float[] x, float[] bias, float[] y, int width)
    {
        Check(matrix, x, y, width);
        if (bias.Length != matrix.Rows) throw new ArgumentException($"a {matrix.Rows}x{matrix.Columns} layer needs {matrix.Rows} biases; got {bias.Length}");
    }
}
