using System.Numerics;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// The inner loops of the products, on raw pointers (the operands are checked once by <see cref="MatrixShapes"/>,
/// so the loops carry no bounds checks). Each method reads <c>Vector&lt;float&gt;.Count</c> itself, which the JIT folds
/// to a constant (so the unrolled loads take immediate offsets; from a static field it recomputed every offset per
/// term), and sums with <c>Vector.FusedMultiplyAdd</c>, one instruction where <c>a += v * x</c> compiled to a
/// multiply and an add.
/// </summary>
internal static unsafe class BlockKernel
{
    /// <summary>
    /// One output row of a block product: y[0..width) = s + sum_k values[k] * x[column_k, 0..width), where s is
    /// y[0..width) itself when <paramref name="initial"/> is null and *<paramref name="initial"/> in every column
    /// otherwise (the row's bias: y is then written without being read), with x (columns, width) row-major and
    /// column_k = <paramref name="columns"/>[k], or k when <paramref name="columns"/> is null (a dense row). The
    /// output row is held in eight SIMD registers per chunk of 8 vectors, so each term costs eight loads and eight
    /// fused multiply-adds and the row is stored once; the last columns go four vectors, one vector, then one value
    /// at a time (callers pad widths to whole vectors where they can).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(float* values, int* columns, int count, float* x, float* y, int width, float* initial = null)
    {
        int l = Vector<float>.Count, chunk = 8 * l, start = 0;
        for (; start + chunk <= width; start += chunk)
        {
            float* target = y + start;
            Vector<float> a0 = Start(target, initial), a1 = Start(target + l, initial), a2 = Start(target + 2 * l, initial), a3 = Start(target + 3 * l, initial);
            Vector<float> a4 = Start(target + 4 * l, initial), a5 = Start(target + 5 * l, initial), a6 = Start(target + 6 * l, initial), a7 = Start(target + 7 * l, initial);
            for (int k = 0; k < count; k++)
            {
                var v = new Vector<float>(values[k]);
                float* row = x + (long)(columns == null ? k : columns[k]) * width + start;
                a0 = Vector.FusedMultiplyAdd(v, Vector.Load(row), a0);
                a1 = Vector.FusedMultiplyAdd(v, Vector.Load(row + l), a1);
                a2 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 2 * l), a2);
                a3 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 3 * l), a3);
                a4 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 4 * l), a4);
                a5 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 5 * l), a5);
                a6 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 6 * l), a6);
                a7 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 7 * l), a7);
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
            Vector<float> a0 = Start(target, initial), a1 = Start(target + l, initial), a2 = Start(target + 2 * l, initial), a3 = Start(target + 3 * l, initial);
            for (int k = 0; k < count; k++)
            {
                var v = new Vector<float>(values[k]);
                float* row = x + (long)(columns == null ? k : columns[k]) * width + start;
                a0 = Vector.FusedMultiplyAdd(v, Vector.Load(row), a0);
                a1 = Vector.FusedMultiplyAdd(v, Vector.Load(row + l), a1);
                a2 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 2 * l), a2);
                a3 = Vector.FusedMultiplyAdd(v, Vector.Load(row + 3 * l), a3);
            }
            a0.Store(target);
            a1.Store(target + l);
            a2.Store(target + 2 * l);
            a3.Store(target + 3 * l);
        }
        for (; start + l <= width; start += l)
        {
            var sum = Start(y + start, initial);
            for (int k = 0; k < count; k++)
                sum = Vector.FusedMultiplyAdd(new Vector<float>(values[k]), Vector.Load(x + (long)(columns == null ? k : columns[k]) * width + start), sum);
            sum.Store(y + start);
        }
        for (; start < width; start++)
        {
            float sum = initial == null ? y[start] : *initial;
            for (int k = 0; k < count; k++) sum += values[k] * x[(long)(columns == null ? k : columns[k]) * width + start];
            y[start] = sum;
        }
    }

    /// <summary>The starting sums of a chunk: the output itself, or the row's bias in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Start(float* target, float* initial) => initial == null ? Vector.Load(target) : new Vector<float>(*initial);

    /// <summary>
    /// y[0..width) += sum_k values[k] * x[k, 0..width) for a dense x of rows <paramref name="width"/> long, a whole
    /// number of vectors: four vectors at a time, then one, each with two sets of accumulators (even and odd k) so that
    /// a chain of dependent multiply-adds is half as long. For the short rows of a small matrix-vector product (a few
    /// dozen outputs), where <see cref="AddRow"/>'s single accumulators make the product one long chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowShort(float* values, int count, float* x, float* y, int width)
    {
        int l = Vector<float>.Count, start = 0, pairs = count / 2;
        for (; start + 4 * l <= width; start += 4 * l)
        {
            float* target = y + start;
            Vector<float> a0 = Vector.Load(target), a1 = Vector.Load(target + l), a2 = Vector.Load(target + 2 * l), a3 = Vector.Load(target + 3 * l);
            Vector<float> b0 = Vector<float>.Zero, b1 = Vector<float>.Zero, b2 = Vector<float>.Zero, b3 = Vector<float>.Zero;
            for (int p = 0; p < pairs; p++)
            {
                var (u, v) = (new Vector<float>(values[2 * p]), new Vector<float>(values[2 * p + 1]));
                float* even = x + (long)(2 * p) * width + start, odd = even + width;
                a0 = Vector.FusedMultiplyAdd(u, Vector.Load(even), a0);
                a1 = Vector.FusedMultiplyAdd(u, Vector.Load(even + l), a1);
                a2 = Vector.FusedMultiplyAdd(u, Vector.Load(even + 2 * l), a2);
                a3 = Vector.FusedMultiplyAdd(u, Vector.Load(even + 3 * l), a3);
                b0 = Vector.FusedMultiplyAdd(v, Vector.Load(odd), b0);
                b1 = Vector.FusedMultiplyAdd(v, Vector.Load(odd + l), b1);
                b2 = Vector.FusedMultiplyAdd(v, Vector.Load(odd + 2 * l), b2);
                b3 = Vector.FusedMultiplyAdd(v, Vector.Load(odd + 3 * l), b3);
            }
            if (count % 2 == 1)
            {
                var u = new Vector<float>(values[count - 1]);
                float* row = x + (long)(count - 1) * width + start;
                a0 = Vector.FusedMultiplyAdd(u, Vector.Load(row), a0);
                a1 = Vector.FusedMultiplyAdd(u, Vector.Load(row + l), a1);
                a2 = Vector.FusedMultiplyAdd(u, Vector.Load(row + 2 * l), a2);
                a3 = Vector.FusedMultiplyAdd(u, Vector.Load(row + 3 * l), a3);
            }
            (a0 + b0).Store(target);
            (a1 + b1).Store(target + l);
            (a2 + b2).Store(target + 2 * l);
            (a3 + b3).Store(target + 3 * l);
        }
        for (; start + l <= width; start += l)
        {
            Vector<float> a = Vector.Load(y + start), b = Vector<float>.Zero;
            for (int p = 0; p < pairs; p++)
            {
                a = Vector.FusedMultiplyAdd(new Vector<float>(values[2 * p]), Vector.Load(x + (long)(2 * p) * width + start), a);
                b = Vector.FusedMultiplyAdd(new Vector<float>(values[2 * p + 1]), Vector.Load(x + (long)(2 * p + 1) * width + start), b);
            }
            if (count % 2 == 1) a = Vector.FusedMultiplyAdd(new Vector<float>(values[count - 1]), Vector.Load(x + (long)(count - 1) * width + start), a);
            (a + b).Store(y + start);
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
