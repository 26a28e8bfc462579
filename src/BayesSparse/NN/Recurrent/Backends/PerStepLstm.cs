using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// The recurrence one step at a time on the input product W^x (x * z^x): any sample (z per sequence too), either gate
/// function. <see cref="Reference"/> is the definition (<see cref="LstmCell.Reference"/>, generic autograd);
/// <see cref="Unrolled"/> the per-step cell with hand-written backpropagation through time (<see cref="LstmCell.Unroll"/>:
/// <see cref="LstmUnrollKernel"/> on float32 CPU tensors, its tensor-operation loop elsewhere).
/// </summary>
public sealed class PerStepLstm : ILstmBackend
{
    private delegate (Tensor Output, Tensor H, Tensor C) Cell(Tensor projection, Tensor weightHh, Tensor bias, Tensor? zGates,
        Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates);

    private readonly Cell _cell;

    private PerStepLstm(string name, Cell cell) => (Name, _cell) = (name, cell);

    /// <summary>The definition the other backends are tested against.</summary>
    public static PerStepLstm Reference() => new("reference", LstmCell.Reference);

    /// <summary>The fast per-step cell.</summary>
    public static PerStepLstm Unrolled() => new("unrolled", LstmCell.Unroll);

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool Supports(LstmRun run) => true;

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var s = run.Sample;
        var (output, h, c) = _cell(run.Projection(), s.WeightHh, run.Bias, s.ZGates, s.ZHidden, run.H0, run.C0, run.Gates);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
