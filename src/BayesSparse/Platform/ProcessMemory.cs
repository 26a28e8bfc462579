namespace BayesSparse.Platform;

/// <summary>
/// The process's memory after a full garbage collection, so that tensors no longer referenced, whose native memory
/// their finalizers free, are not counted: the resident size and the C heap (<see cref="HeapStatistics"/>).
/// </summary>
/// <param name="ResidentMb">Resident size, MiB.</param>
/// <param name="Heap">The C heap, or null where glibc does not report it.</param>
public sealed record ProcessMemory(double ResidentMb, HeapStatistics? Heap)
{
    /// <summary>Collects the garbage (running pending finalizers), then reads. Call it between steps, not inside one.</summary>
    public static ProcessMemory Read()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return new ProcessMemory(Environment.WorkingSet / (1024.0 * 1024.0), HeapStatistics.Read());
    }
}
