using System.Runtime.InteropServices;

namespace BayesSparse.Platform;

/// <summary>
/// Tunes glibc malloc for training workloads. By default glibc serves large blocks with mmap and hands freed
/// memory back to the OS; every training step then page-faults its activations in again, which made LSTM steps
/// several times slower and erratic (docs/platform.md).
/// Setting <c>M_MMAP_MAX=0</c>, <c>M_TRIM_THRESHOLD=max</c> and <c>M_ARENA_MAX=1</c> (all three are needed;
/// <c>GLIBC_TUNABLES</c> is the environment equivalent) keeps freed blocks in the heap for reuse.
/// The heap still grows for many steps while large blocks fragment it (the SparseVD word LM reached ~5 GB, each new
/// page a fault); <c>THP_MEM_ALLOC_ENABLE=1</c> makes libtorch align blocks of 2 MB and more to transparent huge
/// pages and advise them as such, one fault per 2 MB instead of per 4 KB (docs/platform.md).
/// </summary>
public static class MallocTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_MAX = -4;
    private const int M_ARENA_MAX = -8;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    /// <summary>Whether <see cref="Apply"/> has run successfully in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>
    /// Applies the tuning once per process on Linux (a no-op elsewhere). Call it first thing at start-up,
    /// before tensors are allocated.
    /// </summary>
    /// <returns>True when the three settings were accepted by glibc.</returns>
    public static bool Apply()
    {
        if (Applied || !OperatingSystem.IsLinux()) return Applied;
        try
        {
            Applied = mallopt(M_MMAP_MAX, 0) == 1
                      & mallopt(M_TRIM_THRESHOLD, int.MaxValue) == 1
                      & mallopt(M_ARENA_MAX, 1) == 1;
            // Read by libtorch's CPU allocator, which is loaded after this; a value the user set is kept.
            setenv("THP_MEM_ALLOC_ENABLE", "1", overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Applied = false; // not glibc (for example musl): nothing to tune
        }
        return Applied;
    }

    /// <summary>
    /// Hands the heap's free pages back to the OS (glibc's <c>malloc_trim</c>; a no-op elsewhere). With
    /// <see cref="Apply"/>'s settings glibc never does so by itself, so call it after memory that will not be needed
    /// again was freed, such as tensors cut down by compaction. Returns whether memory was released.
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
