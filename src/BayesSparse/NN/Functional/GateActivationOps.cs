using BayesSparse.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>The gate nonlinearities of <see cref="GateActivation"/> on tensors (the spans' twins in <see cref="GateActivations"/>).</summary>
public static class GateActivationOps
{
    private static readonly Scalar Slope = GateActivations.HardSlope, Shift = GateActivations.HardShift;

    /// <summary>The activation, differentiable by autograd (hard_sigmoid's gradient is 0.2 between the clips).</summary>
    public static Tensor Apply(this GateActivation activation, Tensor x) => activation switch
    {
        GateActivation.Sigmoid => x.sigmoid(),
        GateActivation.HardSigmoid => x.mul(Slope).add(Shift, Scalars.One).clamp(Scalars.Zero, Scalars.One),
        _ => throw GateActivations.Unknown(activation),
    };

    /// <summary>The derivative from the activated values <paramref name="a"/>, as <see cref="GateActivations.Slope"/>.</summary>
    public static Tensor SlopeAt(this GateActivation activation, Tensor a) => activation switch
    {
        GateActivation.Sigmoid => a * Scalars.One.Minus(a),
        GateActivation.HardSigmoid => (a.gt(Scalars.Zero) & a.lt(Scalars.One)).to(a.dtype).mul_(Slope),
        _ => throw GateActivations.Unknown(activation),
    };
}
