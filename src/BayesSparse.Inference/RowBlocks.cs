namespace BayesSparse.Inference;

/// <summary>Splits the rows of a product over the cores when the product is large enough to pay for it.</summary>
internal static class RowBlocks
{
    /// <summary>
    /// Below this many multiply-adds a product runs on the calling thread: a hand-off costs ~10 microseconds here,
    /// and a 952x256 dense matrix-vector product ran faster on one thread (19 vs 27 microseconds).
    /// </summary>
    private const long ParallelWork = 1 << 19;

    /// <summary>Whether a product of <paramref name="work"/> multiply-adds is split over the cores.</summary>
    public static bool Splits(long work) => work >= ParallelWork && Environment.ProcessorCount > 1;

    /// <summary>Runs <paramref name="body"/>(first, end) over row ranges covering 0..<paramref name="rows"/>, one per core.</summary>
    public static void For(int rows, Action<int, int> body)
    {
        int blocks = Math.Min(Environment.ProcessorCount, rows);
        if (blocks <= 1)
        {
            body(0, rows);
            return;
        }
        Parallel.For(0, blocks, b => body((int)((long)rows * b / blocks), (int)((long)rows * (b + 1) / blocks)));
    }
}
