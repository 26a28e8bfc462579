using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>The vectorised kernels' loop: fixed-size chunks of a range, split over the torch threads.</summary>
internal static class ChunkedParallel
{
    /// <summary>
    /// Calls <paramref name="body"/>(start, length) for each chunk of [0, <paramref name="count"/>) and returns the sum
    /// of what the calls return (each thread sums its chunks first). Chunk boundaries do not depend on the thread count.
    /// </summary>
    public static double Sum(long count, int chunk, Func<long, int, double> body)
    {
        long chunks = (count + chunk - 1) / chunk;
        double total = 0;
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };
        Parallel.For(0L, chunks, parallel, () => 0.0, (index, _, partial) =>
        {
            long start = index * chunk;
            return partial + body(start, (int)Math.Min(chunk, count - start));
        }, partial => { lock (gate) total += partial; });
        return total;
    }

    /// <summary>Calls <paramref name="body"/>(start, length) for each chunk of [0, <paramref name="count"/>).</summary>
    public static void For(long count, int chunk, Action<long, int> body) => Sum(count, chunk, (start, length) =>
    {
        body(start, length);
        return 0;
    });
}
