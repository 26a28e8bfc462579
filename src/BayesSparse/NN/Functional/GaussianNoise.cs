using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// Standard normal noise for the reparameterisation trick. libtorch's CPU <c>randn</c> draws every value from one
/// mt19937 stream, one value after another (docs/results.md has what that cost a training step). On float32 CPU tensors this fills fixed-size chunks
/// instead, each from its own xoshiro256** stream, with the Box-Muller transform in vectorised
/// <see cref="TensorPrimitives"/> calls, the chunks split over the torch threads. Every call seeds its chunks from
/// one draw of torch's generator, so <c>torch.manual_seed</c> still fixes every sample, and the values do not
/// depend on the thread count. Other devices and dtypes use <c>torch.randn</c>.
/// </summary>
internal static class GaussianNoise
{
    private const int Chunk = 8192; // values per stream; even, so a chunk is whole Box-Muller pairs

    /// <summary>Noise shaped like <paramref name="tensor"/>.</summary>
    public static Tensor Like(Tensor tensor) => Normal(tensor.shape, tensor.dtype, tensor.device);

    /// <summary>Noise of the given shape, dtype and device.</summary>
    public static Tensor Normal(long[] shape, ScalarType dtype, Device device)
    {
        if (!TensorMemory.IsCpuFloat32(device.type, dtype)) return randn(shape, dtype, device);
        var noise = empty(shape, dtype);
        long count = noise.numel();
        if (count == 0) return noise;
        ulong seed;
        using (var draw = randint(long.MaxValue, [1], dtype: ScalarType.Int64)) seed = (ulong)draw.item<long>();
        nint address = TensorMemory.Address(noise);
        ChunkedParallel.For(count, Chunk, (start, length) =>
            Fill(TensorMemory.Floats(address, start, length), seed, (ulong)(start / Chunk)));
        return noise;
    }

    /// <summary>
    /// Box-Muller on the chunk's own uniforms: r = sqrt(-2 ln u1) with u1 in (0, 1], and the angle's sine from
    /// theta = pi (u2 - 1/2) in [-pi/2, pi/2) with its cosine sqrt(1 - sin^2) given a random sign, which makes the
    /// angle uniform on the whole circle (TensorPrimitives' SinCos is not vectorised, its Sin is). The first half of the chunk gets r cos, the second r sin (each pair gives two independent normals).
    /// </summary>
    private static void Fill(Span<float> destination, ulong seed, ulong stream)
    {
        int pairs = (destination.Length + 1) / 2;
        Span<float> radius = stackalloc float[pairs], angle = stackalloc float[pairs], sign = stackalloc float[pairs],
            cos = stackalloc float[pairs];
        var random = new Xoshiro256StarStar(seed, stream);
        const float scale = 1f / (1 << 24);
        for (int i = 0; i < pairs; i++)
        {
            ulong bits = random.Next();
            radius[i] = ((int)(bits >> 40) + 1) * scale; // top 24 bits: (0, 1]
            angle[i] = ((int)((bits >> 16) & 0xFFFFFF) * scale - 0.5f) * MathF.PI; // next 24 bits: [-pi/2, pi/2)
            sign[i] = 1 - 2 * (int)(bits & 1); // lowest bit: +1 or -1
        }
        TensorPrimitives.Log(radius, radius);
        TensorPrimitives.Multiply(radius, -2f, radius);
        TensorPrimitives.Sqrt(radius, radius);
        var sin = angle;
        TensorPrimitives.Sin(angle, sin);
        TensorPrimitives.Multiply(sin, sin, cos);
        TensorPrimitives.Subtract(1f, cos, cos);
        TensorPrimitives.Sqrt(cos, cos);
        TensorPrimitives.Multiply(cos, sign, cos);
        int half = destination.Length / 2, first = destination.Length - half;
        TensorPrimitives.Multiply(radius[..first], cos[..first], destination[..first]);
        TensorPrimitives.Multiply(radius[..half], sin[..half], destination[first..]);
    }

    /// <summary>xoshiro256** (Blackman and Vigna), its state expanded from (seed, stream) by SplitMix64.</summary>
    private struct Xoshiro256StarStar
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro256StarStar(ulong seed, ulong stream)
        {
            ulong x = seed ^ (stream * 0xD1B54A32D192ED03UL);
            (_s0, _s1, _s2, _s3) = (SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
        }

        public ulong Next()
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
