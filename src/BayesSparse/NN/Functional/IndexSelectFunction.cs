using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// <c>source.index_select(dim, index)</c> whose backward, inside <see cref="FusedGradientAccumulation"/> and for a leaf
/// source, adds the selected entries' gradients straight into <c>source.grad</c> (<c>index_add_</c>). libtorch's own
/// backward first builds a zero tensor of the source's full size, which autograd then adds into <c>.grad</c>: for the
/// IMDb embedding's two 6M-entry tables, two full passes each per step that this skips. Outside the scope the
/// gradient is libtorch's.
/// </summary>
/// <remarks>Arguments of <c>apply</c>: source, dim (long), index (int64, 1-D).</remarks>
internal sealed class IndexSelectFunction : autograd.MultiTensorFunction<IndexSelectFunction>
{
    /// <inheritdoc />
    public override string Name => nameof(IndexSelectFunction);

    /// <summary>The selection, differentiable in <paramref name="source"/>; plain <c>index_select</c> when no gradient is
    /// recorded (eval, <c>no_grad</c>), so nothing is saved for a backward that never runs.</summary>
    public static Tensor Select(Tensor source, long dim, Tensor index) => is_grad_enabled() && source.requires_grad
        ? apply(source, dim, index)[0]
        : source.index_select(dim, index);

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (source, dim, index) = ((Tensor)vars[0], (long)vars[1], (Tensor)vars[2]);
        ctx.save_data("saved", (source, dim, index.alias().DetachFromDisposeScope()));
        using var noGrad = no_grad();
        return [source.index_select(dim, index)];
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        var (source, dim, index) = ((Tensor, long, Tensor))ctx.get_data("saved");
        using var _ = index;
        using Scalar one = 1; // held until libtorch returns (an implicit Scalar's finalizer may free it mid-call)
        using (var grad = FusedGradientAccumulation.GradientOf(source))
            if (grad is not null)
            {
                grad.index_add_(dim, index, gradOutputs[0], one);
                return [null!, null!, null!];
            }
        return [zeros_like(source).index_add_(dim, index, gradOutputs[0], one), null!, null!];
    }
}
