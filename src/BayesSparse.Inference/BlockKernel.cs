using System.Numerics;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// The inner loops of the products, on raw pointers (the operands are checked once by <see cref="MatrixShapes"/>,
/// so the loops carry no bounds checks).
/// </summary>
internal static unsafe class BlockKernel
{
    private static readonly int Lanes = Vector<float>.Count;

    /// <summary>
    /// One output row of a block product: y[0..width) += sum_k values[k] * x[column_k, 0..width), with x (columns,
    /// width) row-major and column_k = <paramref name="columns"/>[k], or k when <paramref name="columns"/> is null
    /// (a dense row). The output row is held in eight SIMD registers per chunk of 8 vectors, so each term costs
    /// eight loads and eight fused multiply-adds and the row is loaded and stored once; the last columns go four
    /// vectors, one vector, then one value at a time (callers pad widths to whole vectors where they can).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(float* values, int* columns, int count, float* x, float* y, int width)
    {
        int chunk = 8 * Lanes, start = 0, l = Lanes;
        for (; start + chunk <= width; start += chunk)
        {
            float* target = y + start;
            Vector<float> a0 = Vector.Load(target), a1 = Vector.Load(target + l), a2 = Vector.Load(target + 2 * l), a3 = Vector.Load(target + 3 * l);
            Vector<float> a4 = Vector.Load(target + 4 * l), a5 = Vector.Load(target + 5 * l), a6 = Vector.Load(target + 6 * l), a7 = Vector.Load(target + 7 * l);
            for (int k = 0; k < count; k++)
            {
                var v = new Vector<float>(values[k]);
                float* row = x + (long)(columns == null ? k : columns[k]) * width + start;
                a0 += v * Vector.Load(row);
                a1 += v * Vector.Load(row + l);
                a2 += v * Vector.Load(row + 2 * l);
                a3 += v * Vector.Load(row + 3 * l);
                a4 += v * Vector.Load(row + 4 * l);
                a5 += v * Vector.Load(row + 5 * l);
                a6 += v * Vector.Load(row + 6 * l);
                a7 += v * Vector.Load(row + 7 * l);
            }
            a0.Store(target);
            a1.Store(target + l);
            a2.Store(target + 2 * l);
            a3.Store(target + 3 * l);
            a4.Store(target + 4 * l);
            a5.Store(target + 5 * l);
            a6.Store(target + 6 * l);
            a7.Store(target + 7 * l);
        }
        for (; start + 4 * l <= width; start += 4 * l)
        {
            float* target = y + start;
            Vector<float> a0 = Vector.Load(target), a1 = Vector.Load(target + l), a2 = Vector.Load(target + 2 * l), a3 = Vector.Load(target + 3 * l);
            for (int k = 0; k < count; k++)
            {
                var v = new Vector<float>(values[k]);
                float* row = x + (long)(columns == null ? k : columns[k]) * width + start;
                a0 += v * Vector.Load(row);
                a1 += v * Vector.Load(row + l);
                a2 += v * Vector.Load(row + 2 * l);
                a3 += v * Vector.Load(row + 3 * l);
            }
            a0.Store(target);
            a1.Store(target + l);
            a2.Store(target + 2 * l);
            a3.Store(target + 3 * l);
        }
        for (; start + l <= width; start += l)
        {
            var sum = Vector.Load(y + start);
            for (int k = 0; k < count; k++)
                sum += new Vector<float>(values[k]) * Vector.Load(x + (long)(columns == null ? k : columns[k]) * width + start);
            sum.Store(y + start);
        }
        for (; start < width; start++)
        {
            float sum = y[start];
            for (int k = 0; k < count; k++) sum += values[k] * x[(long)(columns == null ? k : columns[k]) * width + start];
            y[start] = sum;
        }
    }

    /// <summary>sum_k values[k] * x[columns[k]]: one row of a sparse matrix-vector product, four partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float GatherDot(float* values, int* columns, int count, float* x)
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 4 <= count; k += 4)
        {
            s0 += values[k] * x[columns[k]];
            s1 += values[k + 1] * x[columns[k + 1]];
            s2 += values[k + 2] * x[columns[k + 2]];
            s3 += values[k + 3] * x[columns[k + 3]];
        }
        for (; k < count; k++) s0 += values[k] * x[columns[k]];
        return s0 + s1 + (s2 + s3);
    }
}
