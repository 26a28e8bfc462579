using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// The KL sum and its two gradients in one pass over contiguous float32 CPU tensors, in cache-sized chunks
/// of vectorised <see cref="TensorPrimitives"/> calls, split over the torch threads. The same math as
/// <see cref="KlSumFunction"/>'s tensor path, which takes about thirty full passes (and as many 40 MB
/// temporaries for the word LM's W^x): there the KL cost more than the rest of the training step.
/// </summary>
/// <remarks>
/// With the <see cref="KlFit"/> form, s = sigmoid(P a + Q) and t = sigmoid(a): softplus(-a) = -log t and
/// KL'(a) = C1 P s (1 - s) - 0.5 (1 - t).
/// </remarks>
internal static unsafe class KlKernel
{
    private const int Chunk = 4096;

    /// <summary><see cref="KlFit"/> in single precision.</summary>
    private readonly record struct Fit(float P, float Q, float C0, float C1);

    /// <summary>Whether the kernel handles these tensors (float32, CPU, contiguous, under 2 GB).</summary>
    public static bool Supports(Tensor mu, Tensor logSigma) =>
        TensorMemory.IsCpuFloat32(mu) && TensorMemory.IsCpuFloat32(logSigma) && mu.is_contiguous() && logSigma.is_contiguous()
        && mu.numel() == logSigma.numel() && mu.numel() <= int.MaxValue / sizeof(float); // Tensor.bytes is a Span

    /// <summary>Returns sum KL and writes dKL/dmu and dKL/dlog sigma into the two (contiguous) gradient tensors.</summary>
    public static double Run(Tensor mu, Tensor logSigma, Tensor gradMu, Tensor gradLogSigma, double clip,
        KlApproximation approximation)
    {
        var (p, q, c0, c1) = KlFit.Of(approximation);
        var fit = new Fit((float)p, (float)q, (float)c0, (float)c1);
        long count = mu.numel();
        nint pMu = TensorMemory.Address(mu), pLogSigma = TensorMemory.Address(logSigma), pGradMu = TensorMemory.Address(gradMu), pGradLogSigma = TensorMemory.Address(gradLogSigma);
        long chunks = (count + Chunk - 1) / Chunk;
        double total = 0;
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, get_num_threads()) };
        Parallel.For(0L, chunks, parallel, () => 0.0, (chunk, _, partial) =>
        {
            long start = chunk * Chunk;
            int length = (int)Math.Min(Chunk, count - start);
            return partial + RunChunk(
                new ReadOnlySpan<float>((float*)pMu + start, length), new ReadOnlySpan<float>((float*)pLogSigma + start, length),
                new Span<float>((float*)pGradMu + start, length), new Span<float>((float*)pGradLogSigma + start, length),
                (float)clip, fit);
        }, partial => { lock (gate) total += partial; });
        return total;
    }

    private static double RunChunk(ReadOnlySpan<float> mu, ReadOnlySpan<float> logSigma, Span<float> gradMu,
        Span<float> gradLogSigma, float clip, Fit fit)
    {
        int n = mu.Length;
        Span<float> muSquared = stackalloc float[n], raw = stackalloc float[n], logAlpha = stackalloc float[n],
            s = stackalloc float[n], t = stackalloc float[n];
        TensorPrimitives.MultiplyAdd(mu, mu, (float)SparseVD.Epsilon, muSquared);
        TensorPrimitives.Log(muSquared, raw);
        TensorPrimitives.Negate(raw, raw);
        TensorPrimitives.MultiplyAdd(logSigma, 2f, raw, raw); // 2 log sigma - log(mu^2 + eps)
        TensorPrimitives.Max(raw, -clip, logAlpha);
        TensorPrimitives.Min(logAlpha, clip, logAlpha);
        TensorPrimitives.Multiply(logAlpha, fit.P, s);
        TensorPrimitives.Add(s, fit.Q, s);
        TensorPrimitives.Sigmoid(s, s);
        TensorPrimitives.Sigmoid(logAlpha, t);
        // d = KL'(a) = c1 p s (1 - s) + 0.5 t - 0.5, zero where the clip is active; kept in gradLogSigma.
        var d = gradLogSigma;
        TensorPrimitives.Multiply(s, s, d);
        TensorPrimitives.Subtract(s, d, d);
        TensorPrimitives.Multiply(t, 0.5f, logAlpha); // logAlpha is not needed any more
        TensorPrimitives.Add(logAlpha, -0.5f, logAlpha);
        TensorPrimitives.MultiplyAdd(d, fit.C1 * fit.P, logAlpha, d);
        ZeroWhereClipped(raw, clip, d);
        // sum KL = n c0 + c1 sum s + 0.5 sum softplus(-a), and softplus(-a) = -log t
        TensorPrimitives.Log(t, t);
        double kl = n * (double)fit.C0 + fit.C1 * (double)TensorPrimitives.Sum(s) - 0.5 * TensorPrimitives.Sum(t);
        // dKL/dmu = -2 mu d / (mu^2 + eps); dKL/dlog sigma = 2 d
        TensorPrimitives.Multiply(d, mu, gradMu);
        TensorPrimitives.Divide(gradMu, muSquared, gradMu);
        TensorPrimitives.Multiply(gradMu, -2f, gradMu);
        TensorPrimitives.Multiply(d, 2f, gradLogSigma);
        return kl;
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
