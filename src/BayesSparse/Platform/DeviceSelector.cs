using TorchSharp;

namespace BayesSparse.Platform;

/// <summary>Turns a user's <c>--device</c> value into a TorchSharp device, with a clear error when unusable.</summary>
public static class DeviceSelector
{
    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was asked for but TorchSharp finds none.</exception>
    public static torch.Device Resolve(string name)
    {
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized == "cpu") return torch.CPU;
        if (normalized == "cuda" || normalized.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    $"device '{name}' was requested but TorchSharp finds no CUDA device here; use --device cpu, " +
                    "or install a CUDA build of libtorch (TorchSharp-cuda-windows / libtorch-cuda-*)");
            return torch.device(normalized);
        }
        throw new ArgumentException($"unknown device '{name}': use cpu, cuda or cuda:N");
    }
}
