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
}
