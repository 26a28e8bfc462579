using System.Numerics;
using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.Training;

/// <summary>
/// One Adam update in a single pass over contiguous float32 CPU tensors, in chunks split over the torch threads:
/// the gradient, both moments and the parameter read once and the last three written once, where libtorch's
/// operations make eight passes and a temporary. The same arithmetic in float32, with fused multiply-adds where the
/// operations round twice, so it agrees with them to within a rounding of each value, not bit for bit.
/// </summary>
internal static class AdamKernel
{
    private const int Chunk = 1 << 14;

    /// <summary>The step's constants: the decays, their complements, sqrt(1 - beta2^t), -lr / (1 - beta1^t) and eps.</summary>
    public readonly record struct Constants(float Beta1, float Keep1, float Beta2, float Keep2, float Root2, float StepSize, float Eps);

    /// <summary>
    /// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; theta += stepSize m / (sqrt(v) / root2 + eps), in place.
    /// </summary>
    public static void Step(Tensor parameter, Tensor grad, Tensor expAvg, Tensor expAvgSq, Constants c)
    {
        nint p = TensorMemory.Address(parameter), g = TensorMemory.Address(grad), m = TensorMemory.Address(expAvg), v = TensorMemory.Address(expAvgSq);
        ChunkedParallel.For(parameter.numel(), Chunk, (start, length) => StepChunk(TensorMemory.Floats(p, start, length),
            TensorMemory.Floats(g, start, length), TensorMemory.Floats(m, start, length), TensorMemory.Floats(v, start, length), c));
    }

    private static void StepChunk(Span<float> parameter, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, Constants c)
    {
        int i = 0, l = Vector<float>.Count;
        Vector<float> beta1 = new(c.Beta1), keep1 = new(c.Keep1), beta2 = new(c.Beta2), keep2 = new(c.Keep2), root2 = new(c.Root2),
            stepSize = new(c.StepSize), eps = new(c.Eps);
        for (; i <= grad.Length - l; i += l)
        {
            var g = new Vector<float>(grad[i..]);
            var m = Vector.FusedMultiplyAdd(g, keep1, new Vector<float>(expAvg[i..]) * beta1);
            var v = Vector.FusedMultiplyAdd(g * keep2, g, new Vector<float>(expAvgSq[i..]) * beta2);
            m.CopyTo(expAvg[i..]);
            v.CopyTo(expAvgSq[i..]);
            Vector.FusedMultiplyAdd(stepSize, m / (Vector.SquareRoot(v) / root2 + eps), new Vector<float>(parameter[i..])).CopyTo(parameter[i..]);
        }
        for (; i < grad.Length; i++)
        {
            float g = grad[i];
            float m = expAvg[i] = MathF.FusedMultiplyAdd(g, c.Keep1, expAvg[i] * c.Beta1);
            float v = expAvgSq[i] = MathF.FusedMultiplyAdd(g * c.Keep2, g, expAvgSq[i] * c.Beta2);
            parameter[i] = MathF.FusedMultiplyAdd(c.StepSize, m / (MathF.Sqrt(v) / c.Root2 + c.Eps), parameter[i]);
        }
    }
}
