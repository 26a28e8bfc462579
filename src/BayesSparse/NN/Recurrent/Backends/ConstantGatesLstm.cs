using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// Evaluation with constant gates (<see cref="LstmCell.UnrollWithConstantGates"/>): where a gate's z is zero its
/// value σ(b) or tanh(b) is computed once and each step computes only the live preactivations. Eval only, z shared
/// by the batch, some gate z zero.
/// </summary>
public sealed class ConstantGatesLstm : ILstmBackend
{
    /// <inheritdoc />
    public string Name => "constant-gates";

    /// <inheritdoc />
    public bool Supports(LstmRun run)
    {
        if (run.Training || !run.Sample.Foldable || run.Sample.ZGates is not { } zGates) return false;
        using var zero = zGates.eq(Scalars.Zero);
        return zero.any().item<bool>();
    }

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var (weightIh, weightHh) = run.Sample.Fold();
        var live = run.Sample.ZGates!.reshape(-1).ne(Scalars.Zero).nonzero().squeeze(1);
        var inputGates = InputProjection.Project(run.Input, weightIh.index_select(0, live), null).Plus(run.Bias.index_select(0, live));
        var (output, h, c) = LstmCell.UnrollWithConstantGates(inputGates, weightHh.index_select(0, live), live, run.Bias,
            run.Sample.ZHidden, run.H0, run.C0, run.Gates);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
