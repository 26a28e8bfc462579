using System.Runtime.InteropServices;

namespace BayesSparse.Platform;

/// <summary>
/// The C heap as glibc's <c>mallinfo2</c> reports it: what native code (libtorch's tensors included) holds, and what
/// the heap keeps free for reuse. Resident size alone cannot tell memory still referenced from a fragmented heap;
/// these two can.
/// </summary>
/// <param name="InUseMb">Bytes in blocks handed out and not freed, MiB.</param>
/// <param name="FreeMb">Bytes in free blocks the heap keeps, MiB.</param>
public sealed record HeapStatistics(double InUseMb, double FreeMb)
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();

    /// <summary>The heap now, or null where there is no glibc 2.33 or later (other systems, musl).</summary>
    public static HeapStatistics? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var info = mallinfo2();
            const double mb = 1024.0 * 1024.0;
            // Blocks served by mmap (none under MallocTuning) count as in use.
            return new HeapStatistics((info.Uordblks + info.Hblkhd) / mb, info.Fordblks / mb);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}
