using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// The KL sum and its slope KL'(log alpha) in one pass over contiguous float32 CPU tensors, and the two gradients
/// from the slope in a second, both in cache-sized chunks of vectorised <see cref="TensorPrimitives"/> calls split
/// over the torch threads. The same math as <see cref="KlSumFunction"/>'s tensor path, which takes about thirty
/// full passes (and as many 40 MB temporaries for the word LM's W^x): there the KL cost more than the rest of the
/// training step.
/// </summary>
/// <remarks>
/// With the <see cref="KlFit"/> form, s = sigmoid(P a + Q) and t = sigmoid(a): softplus(-a) = -log t and
/// KL'(a) = C1 P s (1 - s) - 0.5 (1 - t).
/// </remarks>
internal static class KlKernel
{
    private const int Chunk = 4096;

    /// <summary><see cref="KlFit"/> in single precision.</summary>
    private readonly record struct Fit(float P, float Q, float C0, float C1);

    /// <summary>Returns sum KL and writes the slope dKL/d log alpha (zero where the clip is active) into <paramref name="slope"/>.</summary>
    public static double SumAndSlope(Tensor mu, Tensor logSigma, Tensor slope, double clip, KlApproximation approximation)
    {
        var (p, q, c0, c1) = KlFit.Of(approximation);
        var fit = new Fit((float)p, (float)q, (float)c0, (float)c1);
        nint pMu = TensorMemory.Address(mu), pLogSigma = TensorMemory.Address(logSigma), pSlope = TensorMemory.Address(slope);
        return ChunkedParallel.Sum(mu.numel(), Chunk, (start, length) => SumAndSlopeChunk(
            TensorMemory.Floats(pMu, start, length), TensorMemory.Floats(pLogSigma, start, length),
            TensorMemory.Floats(pSlope, start, length), (float)clip, fit));
    }

    /// <summary>
    /// Adds <paramref name="scale"/> times the gradients to <paramref name="gradMu"/> and <paramref name="gradLogSigma"/>:
    /// dKL/d log sigma = 2 slope and dKL/dmu = -2 mu slope / (mu^2 + eps).
    /// </summary>
    public static void AddGradients(Tensor mu, Tensor slope, Tensor gradMu, Tensor gradLogSigma, float scale)
    {
        nint pMu = TensorMemory.Address(mu), pSlope = TensorMemory.Address(slope), pGradMu = TensorMemory.Address(gradMu),
            pGradLogSigma = TensorMemory.Address(gradLogSigma);
        ChunkedParallel.For(mu.numel(), Chunk, (start, length) =>
            AddGradientsChunk(TensorMemory.Floats(pMu, start, length), TensorMemory.Floats(pSlope, start, length),
                TensorMemory.Floats(pGradMu, start, length), TensorMemory.Floats(pGradLogSigma, start, length), scale));
    }

    private static double SumAndSlopeChunk(ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma, Span<float> slope, float clip, Fit fit)
    {
        int n = mu.Length;
        Span<float> raw = stackalloc float[n], logAlpha = stackalloc float[n], s = stackalloc float[n], t = stackalloc float[n];
        TensorPrimitives.MultiplyAdd(mu, mu, (float)SparseVD.Epsilon, raw);
        TensorPrimitives.Log(raw, raw);
        TensorPrimitives.Negate(raw, raw);
        TensorPrimitives.MultiplyAdd(logSigma, 2f, raw, raw); // 2 log sigma - log(mu^2 + eps)
        TensorPrimitives.Max(raw, -clip, logAlpha);
        TensorPrimitives.Min(logAlpha, clip, logAlpha);
        TensorPrimitives.Multiply(logAlpha, fit.P, s);
        TensorPrimitives.Add(s, fit.Q, s);
        TensorPrimitives.Sigmoid(s, s);
        TensorPrimitives.Sigmoid(logAlpha, t);
        // slope = KL'(a) = c1 p s (1 - s) + 0.5 t - 0.5, zero where the clip is active
        TensorPrimitives.Multiply(s, s, slope);
        TensorPrimitives.Subtract(s, slope, slope);
        TensorPrimitives.Multiply(t, 0.5f, logAlpha); // logAlpha is not needed any more
        TensorPrimitives.Add(logAlpha, -0.5f, logAlpha);
        TensorPrimitives.MultiplyAdd(slope, fit.C1 * fit.P, logAlpha, slope);
        ZeroWhereClipped(raw, clip, slope);
        // sum KL = n c0 + c1 sum s + 0.5 sum softplus(-a), and softplus(-a) = -log t
        TensorPrimitives.Log(t, t);
        return n * (double)fit.C0 + fit.C1 * (double)TensorPrimitives.Sum(s) - 0.5 * TensorPrimitives.Sum(t);
    }

    private static void AddGradientsChunk(ReadOnlySpan<float> mu, ReadOnlySpan<float> slope, Span<float> gradMu,
        Span<float> gradLogSigma, float scale)
    {
        Span<float> g = stackalloc float[mu.Length];
        TensorPrimitives.MultiplyAdd(slope, 2 * scale, gradLogSigma, gradLogSigma);
        TensorPrimitives.MultiplyAdd(mu, mu, (float)SparseVD.Epsilon, g);
        TensorPrimitives.Divide(mu, g, g);
        TensorPrimitives.Multiply(g, slope, g);
        TensorPrimitives.MultiplyAdd(g, -2 * scale, gradMu, gradMu);
    }

    /// <summary>d = 0 where |raw| >= clip (the clip is active and log alpha does not depend on the inputs).</summary>
    private static void ZeroWhereClipped(ReadOnlySpan<float> raw, float clip, Span<float> d)
    {
        int i = 0;
        var limit = new Vector<float>(clip);
        for (; i <= raw.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var inside = Vector.LessThan(Vector.Abs(new Vector<float>(raw[i..])), limit);
            Vector.ConditionalSelect(inside, new Vector<float>(d[i..]), Vector<float>.Zero).CopyTo(d[i..]);
        }
        for (; i < raw.Length; i++)
            if (MathF.Abs(raw[i]) >= clip) d[i] = 0;
    }
}
