using System.Diagnostics;
using MathNet.Numerics.Statistics;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// The machine's float32 multiply-add rate as libtorch's matrix product reaches it: the median of five products of two
/// 2048 x 2048 matrices (2 x 2048^3 FLOP each) after a warm-up, on all the threads libtorch uses. Small per-token
/// products cannot reach it; the benchmark reports each engine's time as a fraction of this limit.
/// </summary>
public static class MachinePeak
{
    /// <summary>Measures the rate, in multiply-adds per millisecond.</summary>
    public static double MultiplyAddsPerMs()
    {
        const int size = 2048;
        using var _ = no_grad();
        using var a = rand(size, size);
        using var b = rand(size, size);
        a.mm(b).Dispose();
        var times = new double[5];
        for (int i = 0; i < times.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            a.mm(b).Dispose();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return Math.Pow(size, 3) / times.Median();
    }
}
