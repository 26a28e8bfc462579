using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent.Backends;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// The paper's "Original" LSTM: plain weights, libtorch's fused kernel with sigmoid gates and the per-step cell with
/// hard_sigmoid (<see cref="LstmBackends.Choose"/>), and the same interface and initialisation as <see cref="LstmSVD"/> (batch-first;
/// features (B, T, In) or tokens (B, T) read as one-hot).
/// Parameters <c>weight_ih</c> (4H, In), <c>weight_hh</c> (4H, H), <c>bias</c> (4H).
/// </summary>
public sealed class DenseLstm : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>, IReportsBackend
{
    private readonly Parameter weight_ih;
    private readonly Parameter weight_hh;
    private readonly Parameter bias;
    private readonly FusedLstm _fused = new();
    private readonly ILstmBackend[] _backends;

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
        _backends = [_fused, PerStepLstm.Unrolled()];
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
        var run = new LstmRun(input, new RecurrentSample(weight_ih, weight_hh, null, null, null), bias, h0.squeeze(0), c0.squeeze(0),
            GateActivation, training);
        var backend = LstmBackends.Choose(run, _backends);
        if (training) Backend = backend.Name;
        return backend.Run(run).AsLayerResult();
    }

    /// <inheritdoc />
    public string? Backend { get; private set; }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _fused.Dispose();
        base.Dispose(disposing);
    }
}
