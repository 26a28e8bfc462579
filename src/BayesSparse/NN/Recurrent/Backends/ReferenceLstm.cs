using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>The definition: <see cref="LstmCell.Reference"/>, one step at a time, differentiated by generic autograd.</summary>
public sealed class ReferenceLstm : ILstmBackend
{
    /// <inheritdoc />
    public string Name => "reference";

    /// <inheritdoc />
    public bool Supports(LstmRun run) => true;

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var s = run.Sample;
        var (output, h, c) = LstmCell.Reference(run.Projection(), s.WeightHh, run.Bias, s.ZGates, s.ZHidden, run.H0, run.C0, run.Gates);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
