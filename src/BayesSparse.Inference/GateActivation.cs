using System.Numerics.Tensors;

namespace BayesSparse.Inference;

/// <summary>The nonlinearity of an LSTM's input, forget and output gates (the information flow g is always tanh).</summary>
public enum GateActivation : byte
{
    /// <summary>The logistic sigmoid 1 / (1 + e^-x), as in PyTorch's LSTM.</summary>
    Sigmoid = 0,

    /// <summary>clip(0.2 x + 0.5, 0, 1): Theano's hard_sigmoid, which the authors' Lasagne LSTM uses for i, f and o.</summary>
    HardSigmoid = 1,
}

/// <summary>The gate nonlinearities on spans (the runtime and the CPU training kernel) and single values.</summary>
public static class GateActivations
{
    /// <summary>hard_sigmoid's slope between its two clips.</summary>
    public const double HardSlope = 0.2;

    /// <summary>hard_sigmoid's value at 0.</summary>
    public const double HardShift = 0.5;

    /// <summary>The command-line and config spelling: sigmoid, hard_sigmoid.</summary>
    public static string Name(this GateActivation activation) => activation switch
    {
        GateActivation.Sigmoid => "sigmoid",
        GateActivation.HardSigmoid => "hard_sigmoid",
        _ => throw Unknown(activation),
    };

    /// <summary>Activates <paramref name="x"/> into <paramref name="y"/> (which may be the same span; empty when a model has no such live gate).</summary>
    public static void Apply(this GateActivation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.IsEmpty) return;   // TensorPrimitives refuses empty spans
        switch (activation)
        {
            case GateActivation.Sigmoid:
                TensorPrimitives.Sigmoid(x, y);
                break;
            case GateActivation.HardSigmoid:
                TensorPrimitives.Multiply(x, (float)HardSlope, y);
                TensorPrimitives.Add(y, (float)HardShift, y);
                TensorPrimitives.Clamp<float>(y, 0f, 1f, y);
                break;
            default:
                throw Unknown(activation);
        }
    }

    /// <summary>The activation of one value (a constant gate's value from its bias).</summary>
    public static double Apply(this GateActivation activation, double x) => activation switch
    {
        GateActivation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        GateActivation.HardSigmoid => Math.Clamp(HardSlope * x + HardShift, 0, 1),
        _ => throw Unknown(activation),
    };

    /// <summary>
    /// The value of a constant gate (its z is zero, eq. 2-3) from its bias b: tanh(b) for g, σ(b) for i, f and o.
    /// </summary>
    /// <param name="activation">σ.</param>
    /// <param name="gate">0..3 for i, f, g, o.</param>
    /// <param name="bias">b.</param>
    public static double ConstantGate(this GateActivation activation, int gate, double bias) =>
        gate == 2 ? Math.Tanh(bias) : activation.Apply(bias);

    /// <summary>
    /// The derivative at each point, from the activated values <paramref name="a"/>: a (1 - a) for the sigmoid;
    /// 0.2 strictly between the clips and 0 on them for hard_sigmoid.
    /// </summary>
    public static void Slope(this GateActivation activation, ReadOnlySpan<float> a, Span<float> slope)
    {
        switch (activation)
        {
            case GateActivation.Sigmoid:
                TensorPrimitives.Subtract(1f, a, slope);
                TensorPrimitives.Multiply(slope, a, slope);
                break;
            case GateActivation.HardSigmoid:
                for (int k = 0; k < a.Length; k++) slope[k] = a[k] > 0f && a[k] < 1f ? (float)HardSlope : 0f;
                break;
            default:
                throw Unknown(activation);
        }
    }

    /// <summary>Returns <paramref name="activation"/>; throws <see cref="ArgumentOutOfRangeException"/> for a value the enum does not define.</summary>
    internal static GateActivation Validated(this GateActivation activation) =>
        Enum.IsDefined(activation) ? activation : throw Unknown(activation);

    /// <summary>The error for a value the enum does not define.</summary>
    internal static ArgumentOutOfRangeException Unknown(GateActivation activation) =>
        new(nameof(activation), activation, "unknown gate activation");
}
