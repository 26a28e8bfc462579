using System.Globalization;
using TorchSharp;

namespace BayesSparse.Platform;

/// <summary>Turns a user's <c>--device</c> value into a TorchSharp device, with a clear error when unusable.</summary>
public static class DeviceSelector
{
    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was asked for but TorchSharp finds none.</exception>
    public static torch.Device Resolve(string name)
    {
        var normalized = Normalize(name);
        if (normalized == "cpu") return torch.CPU;
        if (!torch.cuda.is_available())
            throw new ArgumentException(
                $"device '{name}' was requested but TorchSharp finds no CUDA device here; use --device cpu, " +
                "or install a CUDA build of libtorch (TorchSharp-cuda-windows / libtorch-cuda-*)");
        return torch.device(normalized);
    }

    /// <summary>
    /// What waits until <paramref name="device"/> has run the work queued on it, for a clock read after it: CUDA runs
    /// kernels asynchronously, so without it a wall clock times their launches. Null on the CPU, whose work is done
    /// when the call that asked for it returns.
    /// </summary>
    public static Action? Synchronizer(torch.Device device) =>
        device.type == DeviceType.CUDA ? () => torch.cuda.synchronize(device) : null;

    /// <summary>
    /// <paramref name="name"/> as <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (trimmed, lower case), without asking whether
    /// the device is here: a plan for another machine names devices this one lacks.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of those.</exception>
    public static string Normalize(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        bool known = normalized is "cpu" or "cuda" ||
                     (normalized.StartsWith("cuda:", StringComparison.Ordinal) &&
                      int.TryParse(normalized["cuda:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out _));
        return known ? normalized : throw new ArgumentException($"unknown device '{name}': use cpu, cuda or cuda:N");
    }
}
