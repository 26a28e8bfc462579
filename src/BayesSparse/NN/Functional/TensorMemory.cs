using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>Raw views of contiguous float32 CPU tensors for the vectorised kernels (libtorch's memory is native, so
/// no pinning is needed while the tensor lives).</summary>
internal static unsafe class TensorMemory
{
    /// <summary>Whether the vectorised kernels can read <paramref name="tensor"/>: float32 on the CPU.</summary>
    public static bool IsCpuFloat32(Tensor tensor) => IsCpuFloat32(tensor.device_type, tensor.dtype);

    /// <summary>Whether a tensor of this device type and dtype would be float32 on the CPU (before it exists).</summary>
    public static bool IsCpuFloat32(TorchSharp.DeviceType device, ScalarType dtype) =>
        device == TorchSharp.DeviceType.CPU && dtype == ScalarType.Float32;

    /// <summary>Whether the vectorised kernels take these tensors together: float32, CPU, contiguous, of one size under 2 GB.</summary>
    public static bool KernelReadable(params Tensor[] tensors) =>
        tensors.All(t => IsCpuFloat32(t) && t.is_contiguous() && t.numel() == tensors[0].numel())
        && tensors[0].numel() <= int.MaxValue / sizeof(float); // Tensor.bytes is a Span

    /// <summary>The address of a contiguous CPU tensor's first element; 0 for null.</summary>
    public static nint Address(Tensor? tensor)
    {
        if (tensor is null) return 0;
        fixed (byte* p = tensor.bytes) return (nint)p;
    }

    /// <summary><paramref name="length"/> floats starting <paramref name="offset"/> floats after <paramref name="address"/>.</summary>
    public static Span<float> Floats(nint address, long offset, int length) => new((float*)address + offset, length);
}
