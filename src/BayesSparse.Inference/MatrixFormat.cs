using System.Diagnostics;

namespace BayesSparse.Inference;

/// <summary>Stores a matrix dense or CSR, whichever multiplies faster for its shape and density, by measurement.</summary>
public static class MatrixFormat
{
    /// <summary>
    /// Times both formats on the product the matrix will do (a block of <paramref name="width"/> vectors; median of
    /// a few repetitions) and returns the faster. For blocks of a matrix at most half nonzero it is CSR without timing:
    /// the dense one would multiply through the same nonzeros, and CSR stores fewer bytes.
    /// </summary>
    public static IMatrix Fastest(DenseMatrix dense, int width = 1, int repetitions = 7)
    {
        var csr = CsrMatrix.FromDense(dense);
        if (width > 1 && 2 * csr.StoredEntries <= dense.StoredEntries) return csr;
        var x = new float[dense.Columns * width];
        var random = new Random(0);
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = new float[dense.Rows * width];
        return Median(dense, x, y, width, repetitions) <= Median(csr, x, y, width, repetitions) ? dense : csr;
    }

    private static double Median(IMatrix matrix, float[] x, float[] y, int width, int repetitions)
    {
        for (int i = 0; i < 3; i++) matrix.MultiplyAdd(x, y, width); // warm-up
        var times = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            matrix.MultiplyAdd(x, y, width);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repetitions / 2];
    }

    /// <summary>The matrix stored dense, whatever its format.</summary>
    internal static DenseMatrix Dense(IMatrix matrix) => matrix switch
    {
        DenseMatrix dense => dense,
        CsrMatrix csr => csr.ToDense(),
        _ => throw new ArgumentException($"unknown matrix type {matrix.GetType().Name}"),
    };

    /// <summary>Reads a matrix written by either format.</summary>
    public static IMatrix Read(BinaryReader reader) => reader.ReadByte() switch
    {
        DenseMatrix.Tag => DenseMatrix.Read(reader),
        CsrMatrix.Tag => CsrMatrix.Read(reader),
        var tag => throw new InvalidDataException($"unknown matrix format tag {tag}"),
    };
}
