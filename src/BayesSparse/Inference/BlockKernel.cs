using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// The inner loop of a block product, one output row at a time: y[0..width) += sum_k a_k x[column_k, 0..width),
/// with x (columns, width) row-major. The output row is held in eight SIMD registers per chunk of 8 vectors, so
/// each term costs eight loads and eight fused multiply-adds and the row is loaded and stored once.
/// </summary>
internal static class BlockKernel
{
    private static readonly int Lanes = Vector<float>.Count;

    /// <summary>Adds the terms <paramref name="values"/>[k] * x[<paramref name="columns"/>[k]] (all columns in order when <paramref name="columns"/> is empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(ReadOnlySpan<float> values, ReadOnlySpan<int> columns, float[] x, Span<float> y, int width)
    {
        int chunk = 8 * Lanes, start = 0;
        bool dense = columns.IsEmpty;
        for (; start + chunk <= width; start += chunk)
        {
            var target = y.Slice(start, chunk);
            Vector<float> a0 = new(target), a1 = new(target[Lanes..]), a2 = new(target[(2 * Lanes)..]), a3 = new(target[(3 * Lanes)..]);
            Vector<float> a4 = new(target[(4 * Lanes)..]), a5 = new(target[(5 * Lanes)..]), a6 = new(target[(6 * Lanes)..]), a7 = new(target[(7 * Lanes)..]);
            for (int k = 0; k < values.Length; k++)
            {
                var v = new Vector<float>(values[k]);
                var row = x.AsSpan((dense ? k : columns[k]) * width + start, chunk);
                a0 += v * new Vector<float>(row);
                a1 += v * new Vector<float>(row[Lanes..]);
                a2 += v * new Vector<float>(row[(2 * Lanes)..]);
                a3 += v * new Vector<float>(row[(3 * Lanes)..]);
                a4 += v * new Vector<float>(row[(4 * Lanes)..]);
                a5 += v * new Vector<float>(row[(5 * Lanes)..]);
                a6 += v * new Vector<float>(row[(6 * Lanes)..]);
                a7 += v * new Vector<float>(row[(7 * Lanes)..]);
            }
            a0.CopyTo(target);
            a1.CopyTo(target[Lanes..]);
            a2.CopyTo(target[(2 * Lanes)..]);
            a3.CopyTo(target[(3 * Lanes)..]);
            a4.CopyTo(target[(4 * Lanes)..]);
            a5.CopyTo(target[(5 * Lanes)..]);
            a6.CopyTo(target[(6 * Lanes)..]);
            a7.CopyTo(target[(7 * Lanes)..]);
        }
        if (start == width) return;
        var tail = y[start..width];
        for (int k = 0; k < values.Length; k++)
            TensorPrimitives.MultiplyAdd(x.AsSpan((dense ? k : columns[k]) * width + start, width - start), values[k], tail, tail);
    }
}
