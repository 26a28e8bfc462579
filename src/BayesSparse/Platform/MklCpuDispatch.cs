using System.Runtime.InteropServices;

namespace BayesSparse.Platform;

/// <summary>What <see cref="MklCpuDispatch.Apply"/> did.</summary>
public enum MklDispatchResult
{
    /// <summary>Not an AMD CPU on x64 Linux: MKL already picks its fast kernels, nothing to do.</summary>
    NotNeeded,

    /// <summary>MKL's vendor check now answers "Intel" in this process.</summary>
    Patched,

    /// <summary>The check could not be found or changed (another libtorch build, or memory protection).</summary>
    Unavailable,
}

/// <summary>
/// Lets MKL use its AVX2/AVX-512 matrix kernels on AMD CPUs. libtorch links MKL statically, and MKL selects its
/// fast code paths only for CPUs whose vendor it recognises as Intel (asked through <c>mkl_serv_intel_cpu_true</c>
/// and <c>mkl_serv_intel_cpu</c>); elsewhere it runs a generic path, several times slower on this project's AMD
/// machines (docs/platform.md). libtorch's fused LSTM runs on oneDNN, which has no such check, so the per-step
/// SparseVD cells paid this and the Original did not.
/// </summary>
/// <remarks>
/// Both functions are overwritten in this process's memory with <c>return 1</c> (the code page is made writable
/// for the copy), so the file on disk is unchanged. Which instruction sets MKL then uses is still decided by its
/// own cpuid feature checks, so only instructions the CPU has run. Call it at start-up, after
/// <see cref="MallocTuning.Apply"/> (it loads libtorch) and before the first matrix product (MKL caches the answer).
/// </remarks>
public static class MklCpuDispatch
{
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private static readonly byte[] ReturnOne = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3]; // mov eax, 1; ret
    private static readonly object Gate = new();
    private static MklDispatchResult? _result;

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int mprotect(nint address, nuint length, int protection);

    /// <summary>The result of <see cref="Apply"/> in this process, or null before it ran.</summary>
    public static MklDispatchResult? Result => _result;

    /// <summary>Applies the change once per process; later calls return the first result.</summary>
    public static MklDispatchResult Apply()
    {
        lock (Gate) return _result ??= Patch();
    }

    private static MklDispatchResult Patch()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !IsAmd())
            return MklDispatchResult.NotNeeded;
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch
        if (!TryLoadTorchCpu(out var library)) return MklDispatchResult.Unavailable;
        var targets = new[] { "mkl_serv_intel_cpu_true", "mkl_serv_intel_cpu" }
            .Select(name => NativeLibrary.TryGetExport(library, name, out var address) ? address : 0).ToArray();
        if (targets.Any(a => a == 0)) return MklDispatchResult.Unavailable;
        try
        {
            return targets.All(Overwrite) ? MklDispatchResult.Patched : MklDispatchResult.Unavailable;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return MklDispatchResult.Unavailable;
        }
    }

    private static bool IsAmd()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Any(line => line.StartsWith("vendor_id", StringComparison.Ordinal)
                && line.Contains("AuthenticAMD", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>libtorch_cpu as TorchSharp loaded it (next to the assemblies, else by name).</summary>
    private static bool TryLoadTorchCpu(out nint library) =>
        NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so"), out library)
        || NativeLibrary.TryLoad("libtorch_cpu.so", out library);

    /// <summary>Writes <c>return 1</c> over the function at <paramref name="address"/>.</summary>
    private static bool Overwrite(nint address)
    {
        long pageSize = Environment.SystemPageSize;
        nint page = (nint)(address & ~(pageSize - 1));
        var length = (nuint)(address - page + ReturnOne.Length);
        if (mprotect(page, length, ProtRead | ProtWrite | ProtExec) != 0) return false;
        Marshal.Copy(ReturnOne, 0, address, ReturnOne.Length);
        return mprotect(page, length, ProtRead | ProtExec) == 0;
    }
}
