using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// The per-step cell with hand-written backpropagation through time (<see cref="LstmCell.Unroll"/>): on float32 CPU
/// tensors <see cref="LstmUnrollKernel"/>, elsewhere its tensor-operation loop. Any sample (z per sequence too), either
/// gate function.
/// </summary>
public sealed class UnrolledLstm : ILstmBackend
{
    /// <inheritdoc />
    public string Name => "unrolled";

    /// <inheritdoc />
    public bool Supports(LstmRun run) => true;

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var s = run.Sample;
        var (output, h, c) = LstmCell.Unroll(run.Projection(), s.WeightHh, run.Bias, s.ZGates, s.ZHidden, run.H0, run.C0, run.Gates);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
