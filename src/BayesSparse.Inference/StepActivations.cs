using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BayesSparse.Inference;

/// <summary>
/// σ and tanh for the compressed step, in 256-bit vectors: exp(v) = 2^n exp(f) with v = n ln 2 + f, exp(f) a
/// degree-6 polynomial (Cephes' expf coefficients),
/// σ(x) = 1 / (1 + exp(-x)), tanh(x) = 1 - 2 / (exp(2x) + 1). Why not <see cref="TensorPrimitives"/>: on the
/// development machine its Sigmoid, Tanh and Exp ran several times slower in some processes than in others, so the
/// step's time depended on the process; these did not (docs/results.md, "Why the engine has its own σ and tanh").
/// Without 256-bit hardware (AVX2) they defer to TensorPrimitives.
/// </summary>
internal static class StepActivations
{
    /// <summary>Whether the 256-bit paths run: vectors of eight floats and AVX's masked loads and stores.</summary>
    private static bool Vectorized => Vector256.IsHardwareAccelerated && Avx.IsSupported;

    /// <summary>σ of each value, in place.</summary>
    public static void Sigmoid(Span<float> values)
    {
        if (!Vectorized)
        {
            TensorPrimitives.Sigmoid(values, values);
            return;
        }
        Map<SigmoidFunction>(values, values);
    }

    /// <summary>tanh of each value of <paramref name="x"/> into <paramref name="y"/> (which may be the same span).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (!Vectorized)
        {
            TensorPrimitives.Tanh(x, y);
            return;
        }
        Map<TanhFunction>(x, y);
    }

    /// <summary>
    /// y = f(x) eight values at a time. A length that is not a whole number of vectors ends with the last eight values
    /// again, loaded before the loop: in place, the lanes the loop already wrote get the same values again. Below eight
    /// values, one vector with the spare lanes zero.
    /// </summary>
    private static void Map<TFunction>(ReadOnlySpan<float> x, Span<float> y)
        where TFunction : IVectorFunction
    {
        int lanes = Vector256<float>.Count, length = x.Length;
        if (length < lanes)
        {
            if (length > 0) StoreShort(TFunction.Invoke(LoadShort(x)), y);
            return;
        }
        ref float source = ref MemoryMarshal.GetReference(x), target = ref MemoryMarshal.GetReference(y);
        var last = Vector256.LoadUnsafe(ref source, (nuint)(length - lanes));
        int i = 0;
        for (; i + lanes <= length; i += lanes) TFunction.Invoke(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        if (i < length) TFunction.Invoke(last).StoreUnsafe(ref target, (nuint)(length - lanes));
    }

    /// <summary>
    /// The cell update of one step over whole gate blocks, in one pass: c = f c + i g, then h = o tanh(c), each span
    /// of the same length (the step's K x width values); a ragged end and fewer than eight values as in <see cref="Map{TFunction}"/>.
    /// </summary>
    public static void CellUpdate(ReadOnlySpan<float> i, ReadOnlySpan<float> f, ReadOnlySpan<float> g, ReadOnlySpan<float> o, Span<float> c, Span<float> h)
    {
        int lanes = Vector256<float>.Count, length = c.Length;
        if (!Vectorized)
        {
            for (int k = 0; k < length; k++)
            {
                c[k] = f[k] * c[k] + i[k] * g[k];
                h[k] = o[k] * MathF.Tanh(c[k]);
            }
            return;
        }
        if (length < lanes)
        {
            if (length == 0) return;
            var shortCell = LoadShort(f) * LoadShort(c) + LoadShort(i) * LoadShort(g);
            StoreShort(shortCell, c);
            StoreShort(LoadShort(o) * TanhFunction.Invoke(shortCell), h);
            return;
        }
        ref float ri = ref MemoryMarshal.GetReference(i), rf = ref MemoryMarshal.GetReference(f), rg = ref MemoryMarshal.GetReference(g);
        ref float ro = ref MemoryMarshal.GetReference(o), rc = ref MemoryMarshal.GetReference(c), rh = ref MemoryMarshal.GetReference(h);
        var end = (nuint)(length - lanes);
        var lastCell = Vector256.LoadUnsafe(ref rf, end) * Vector256.LoadUnsafe(ref rc, end) + Vector256.LoadUnsafe(ref ri, end) * Vector256.LoadUnsafe(ref rg, end);
        int k0 = 0;
        for (; k0 + lanes <= length; k0 += lanes)
        {
            var at = (nuint)k0;
            var cell = Vector256.LoadUnsafe(ref rf, at) * Vector256.LoadUnsafe(ref rc, at) + Vector256.LoadUnsafe(ref ri, at) * Vector256.LoadUnsafe(ref rg, at);
            cell.StoreUnsafe(ref rc, at);
            (Vector256.LoadUnsafe(ref ro, at) * TanhFunction.Invoke(cell)).StoreUnsafe(ref rh, at);
        }
        if (k0 == length) return;
        lastCell.StoreUnsafe(ref rc, end);
        (Vector256.LoadUnsafe(ref ro, end) * TanhFunction.Invoke(lastCell)).StoreUnsafe(ref rh, end);
    }

    /// <summary>
    /// Fewer than eight values as one vector, the spare lanes zero (a masked load: nothing past the span is read): a
    /// short span (the few live gates or neurons of a highly compressed model at batch 1) costs one vector operation
    /// instead of a scalar call per value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> LoadShort(ReadOnlySpan<float> x)
    {
        fixed (float* source = x) return Avx.MaskLoad(source, ShortMask(x.Length));
    }

    /// <summary>The first <paramref name="y"/>.Length lanes of <paramref name="v"/> into <paramref name="y"/> (a masked store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreShort(Vector256<float> v, Span<float> y)
    {
        fixed (float* target = y) Avx.MaskStore(target, ShortMask(y.Length), v);
    }

    /// <summary>All bits set in the first <paramref name="length"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ShortMask(int length) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(length)).AsSingle();

    /// <summary>A function of eight lanes (a type, so that <see cref="Map{TFunction}"/> is compiled with it inlined).</summary>
    private interface IVectorFunction
    {
        static abstract Vector256<float> Invoke(Vector256<float> x);
    }

    private readonly struct SigmoidFunction : IVectorFunction
    {
        public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));
    }

    private readonly struct TanhFunction : IVectorFunction
    {
        public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One - Vector256.Create(2f) / (Exp(Vector256.Create(2f) * x) + Vector256<float>.One);
    }

    /// <summary>exp of each lane, the argument clamped to [-87, 88] (so 2^n stays a normal float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> v)
    {
        v = Vector256.Min(Vector256.Max(v, Vector256.Create(-87f)), Vector256.Create(88f));
        var n = Vector256.Round(v * Vector256.Create(1.44269504088896341f));              // v / ln 2
        var f = v - n * Vector256.Create(0.693359375f) + n * Vector256.Create(2.12194440e-4f);   // v - n ln 2, ln 2 in two parts
        var p = Vector256.Create(1.9875691500e-4f);
        p = p * f + Vector256.Create(1.3981999507e-3f);
        p = p * f + Vector256.Create(8.3334519073e-3f);
        p = p * f + Vector256.Create(4.1665795894e-2f);
        p = p * f + Vector256.Create(1.6666665459e-1f);
        p = p * f + Vector256.Create(5.0000001201e-1f);
        p = p * f * f + f + Vector256<float>.One;
        return p * Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();   // times 2^n
    }
}
