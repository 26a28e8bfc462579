using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>The vectorised kernels' loop: fixed-size chunks of a range, split over the torch threads.</summary>
internal static class ChunkedParallel
{
    /// <summary>
    /// Calls <paramref name="body"/>(start, length) for each chunk of [0, <paramref name="count"/>) and returns the sum
    /// of what the calls return, added in chunk order: chunk boundaries and the order of the additions depend neither
    /// on the thread count nor on which thread ran which chunk, so the sum is the same on every run.
    /// </summary>
    public static double Sum(long count, int chunk, Func<long, int, double> body)
    {
        long chunks = (count + chunk - 1) / chunk;
        var sums = new double[chunks];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };
        Parallel.For(0L, chunks, parallel, index =>
        {
            long start = index * chunk;
            sums[index] = body(start, (int)Math.Min(chunk, count - start));
        });
        double total = 0;
        foreach (double sum in sums) total += sum;
        return total;
    }

    /// <summary>Calls <paramref name="body"/>(start, length) for each chunk of [0, <paramref name="count"/>).</summary>
    public static void For(long count, int chunk, Action<long, int> body) => Sum(count, chunk, (start, length) =>
    {
        body(start, length);
        return 0;
    });
}
