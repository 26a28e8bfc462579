using BayesSparse.NN.Functional;
using BayesSparse.Structure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015): TorchSharp's <c>optim.Adam</c>, with its state and saved form (an <c>optimizer.bin</c>
/// of either loads into the other; the type name "Adam" is part of that form), but every Scalar of the step held
/// until libtorch returns: TorchSharp 0.107's step makes beta1, 1 - beta1, ... into Scalars on the fly and leaves them
/// to the finalizer (see <see cref="HeldScalarMath"/>). Float32 CPU parameters take one fused pass
/// (<see cref="AdamKernel"/>), equal to TorchSharp's to within a rounding of each value, as PyTorch's fused Adam is to
/// its per-tensor one; the others (float64, CUDA) go through libtorch's operations, bit for bit TorchSharp's. No weight
/// decay, AMSGrad or maximisation.
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam, IOptimizerStateSelect
{
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="beta1">The first moment's decay.</param>
    /// <param name="beta2">The second moment's decay.</param>
    /// <param name="eps">Added to the denominator.</param>
    public Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(parameters, learningRate, beta1, beta2, eps)
    {
    }

    /// <inheritdoc />
    public void SelectState(Parameter parameter, Func<Tensor, Tensor> select)
    {
        if (!_state.TryGetValue(parameter.Handle, out var found)) return;
        var state = (State)found;
        using var _ = no_grad();
        foreach (var moment in new[] { state.exp_avg, state.exp_avg_sq, state.max_exp_avg_sq })
            if (moment is not null)
            {
                using var selected = select(moment);
                moment.set_(selected);
            }
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, learningRate = options.LearningRate!.Value;
        using Scalar decay1 = beta1, keep1 = 1 - beta1, decay2 = beta2, keep2 = 1 - beta2, eps = options.eps!.Value;
        foreach (var parameter in group.Parameters)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            var state = (State)_state[parameter.Handle];
            state.step++;
            double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
            if (TensorMemory.KernelReadable(parameter, grad, state.exp_avg, state.exp_avg_sq))
            {
                AdamKernel.Step(parameter, grad, state.exp_avg, state.exp_avg_sq, new AdamKernel.Constants((float)beta1, (float)(1 - beta1),
                    (float)beta2, (float)(1 - beta2), (float)Math.Sqrt(correction2), (float)-(learningRate / correction1), (float)options.eps!.Value));
                continue;
            }
            using Scalar root2 = Math.Sqrt(correction2), stepSize = -(learningRate / correction1);
            // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; theta -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)
            state.exp_avg.mul_(decay1).add_(grad, keep1);
            state.exp_avg_sq.mul_(decay2).addcmul_(grad, grad, keep2);
            var denominator = state.exp_avg_sq.sqrt().div_(root2).add_(eps, Scalars.One);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
