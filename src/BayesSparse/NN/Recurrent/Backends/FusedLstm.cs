using BayesSparse.Inference;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// libtorch's fused LSTM kernel (oneDNN on the CPU, cuDNN on CUDA) with the sample folded into its weights
/// (<see cref="RecurrentSample.Fold"/>): z shared by the batch, sigmoid gates only (the kernel computes no other),
/// float32 (the kernel's own weights).
/// Owns the private kernels it copies the weights into, one per width and device.
/// </summary>
public sealed class FusedLstm : ILstmBackend, IDisposable
{
    private readonly FusedKernels _kernels = new((width, hidden, device) => nn.LSTM(width, hidden, batchFirst: true, device: device));

    /// <inheritdoc />
    public string Name => "fused";

    /// <inheritdoc />
    public bool Supports(LstmRun run) =>
        run.Sample.Foldable && run.Gates == GateActivation.Sigmoid && run.Bias.dtype == ScalarType.Float32;

    /// <inheritdoc />
    public (Tensor Output, Tensor H, Tensor C) Run(LstmRun run)
    {
        using var scope = NewDisposeScope();
        var (weightIh, weightHh) = run.Sample.Fold();
        var outputs = _kernels.Forward(run.Input, weightIh, weightHh, run.Bias, zeros_like(run.Bias), run.H0.unsqueeze(0), run.C0.unsqueeze(0));
        var output = run.Sample.ZHidden is { } zHidden ? outputs[0] * zHidden.unsqueeze(1) : outputs[0];
        return (output.MoveToOuterDisposeScope(), outputs[1].squeeze(0).MoveToOuterDisposeScope(), outputs[2].squeeze(0).MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose() => _kernels.Dispose();
}
