using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// The plain-.NET runtime's step (<see cref="CompressedLstm.Step"/>, what a shipped model runs) as a backend, so the
/// conformance test holds it to the reference like every other path. z is folded into the weights, gate rows with
/// z zero become constant gates, and every hidden neuron is kept (a removed one still has its own state, which the
/// reference returns; its column of W^h is zero). Eval only, z shared by the batch, token input, float32.
/// </summary>
public sealed class CompressedRuntimeLstm : ILstmBackend
{
    /// <inheritdoc />
    public string Name => "plain-dotnet-runtime";

    /// <inheritdoc />
    public bool Supports(LstmRun run) =>
        !run.Training && run.Sample.Foldable && run.Input.dim() == 2 && run.Input.dtype == ScalarType.Int64 && run.Bias.dtype == ScalarType.Float32;

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var (weightIh, weightHh) = run.Sample.Fold();
        int hidden = (int)weightHh.shape[1], batch = (int)run.Input.shape[0], steps = (int)run.Input.shape[1];
        Tensor All(int count) => tensor(Enumerable.Range(0, count).Select(i => (long)i).ToArray(), device: weightHh.device);
        var live = run.Sample.ZGates is { } zGates ? zGates.reshape(-1).ne(Scalars.Zero).nonzero().squeeze(1) : All(4 * hidden);
        var layer = LstmExport.Build(weightIh.t(), weightHh, run.Bias, All(hidden), live, run.Gates);

        // The runtime's state is (neurons, sequences): one sequence per column.
        var state = layer.NewState(batch);
        run.H0.t().contiguous().cpu().data<float>().CopyTo(state.H, 0);
        run.C0.t().contiguous().cpu().data<float>().CopyTo(state.C, 0);
        var zHidden = run.Sample.ZHidden?.reshape(-1).cpu().data<float>().ToArray();
        var tokens = run.Input.cpu().data<long>().ToArray();
        var (output, ids) = (new float[batch * steps * hidden], new int[batch]);
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++) ids[b] = (int)tokens[b * steps + t];
            layer.Step(ids, state);
            for (int b = 0; b < batch; b++)
                for (int j = 0; j < hidden; j++) output[(b * steps + t) * hidden + j] = state.H[j * batch + b] * (zHidden?[j] ?? 1f);
        }
        var device = run.Bias.device;
        return (tensor(output, [batch, steps, hidden]).to(device).MoveToOuterDisposeScope(),
            tensor(state.H, [hidden, batch]).t().contiguous().to(device).MoveToOuterDisposeScope(),
            tensor(state.C, [hidden, batch]).t().contiguous().to(device).MoveToOuterDisposeScope());
    }

}
