using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// The paper's "Original" LSTM: plain weights, libtorch's fused kernel (with sigmoid gates; <see cref="LstmCell"/>'s
/// unroll with hard_sigmoid), and the same interface and initialisation as <see cref="LstmSVD"/> (batch-first;
/// features (B, T, In) or tokens (B, T) read as one-hot).
/// Parameters <c>weight_ih</c> (4H, In), <c>weight_hh</c> (4H, H), <c>bias</c> (4H).
/// </summary>
public sealed class DenseLstm : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>
{
    private readonly Parameter weight_ih;
    private readonly Parameter weight_hh;
    private readonly Parameter bias;
    private readonly FusedKernels _kernels;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">In: features per step, or the vocabulary size for token input.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="init">Initialisation of W^x (W^h is orthogonal).</param>
    /// <param name="forgetBias">Initial forget-gate bias.</param>
    /// <param name="gateActivation">σ of the i, f and o gates.</param>
    public DenseLstm(long inputSize, long hiddenSize, RecurrentInit init = RecurrentInit.GlorotUniform, double forgetBias = 1.0,
        GateActivation gateActivation = GateActivation.Sigmoid) : base(nameof(DenseLstm))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        HiddenSize = hiddenSize;
        GateActivation = gateActivation.Validated();
        weight_ih = new Parameter(empty(4 * hiddenSize, inputSize));
        weight_hh = new Parameter(empty(4 * hiddenSize, hiddenSize));
        bias = new Parameter(zeros(4 * hiddenSize));
        register_parameter(nameof(weight_ih), weight_ih);
        register_parameter(nameof(weight_hh), weight_hh);
        register_parameter(nameof(bias), bias);
        _kernels = new FusedKernels((width, hidden, device) => nn.LSTM(width, hidden, batchFirst: true, device: device));
        using var _ = no_grad();
        if (init == RecurrentInit.Orthogonal) nn.init.orthogonal_(weight_ih);
        else nn.init.xavier_uniform_(weight_ih);
        nn.init.orthogonal_(weight_hh);
        bias[TensorIndex.Slice(hiddenSize, 2 * hiddenSize)] = tensor(forgetBias);
    }

    /// <summary>Hidden size H.</summary>
    public long HiddenSize { get; }

    /// <summary>σ of the i, f and o gates.</summary>
    public GateActivation GateActivation { get; }

    /// <summary>W^x, (4H, In).</summary>
    public Parameter WeightIh => weight_ih;

    /// <summary>W^h, (4H, H).</summary>
    public Parameter WeightHh => weight_hh;

    /// <summary>b, (4H).</summary>
    public Parameter Bias => bias;

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor input, (Tensor, Tensor)? state = null)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        var (h0, c0) = state ?? (zeros(1, batch, HiddenSize, device: input.device), zeros(1, batch, HiddenSize, device: input.device));
        if (GateActivation != GateActivation.Sigmoid) // libtorch's fused kernel computes the sigmoid only
        {
            return LstmCell.Unroll(InputProjection.Project(input, weight_ih, null), weight_hh, bias, null, null,
                h0.squeeze(0), c0.squeeze(0), GateActivation).AsLayerResult();
        }
        var outputs = _kernels.Forward(input, weight_ih, weight_hh, bias, zeros_like(bias), h0, c0);
        return (outputs[0].MoveToOuterDisposeScope(), outputs[1].MoveToOuterDisposeScope(), outputs[2].MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _kernels.Dispose();
        base.Dispose(disposing);
    }
}
