using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// A single-layer GRU with SparseVD posteriors on W^x and W^h and, optionally, the neuron variables z^x and
/// z^h ("W" and "W+N"). With h the state before z^h:
/// <code>
/// r = sigmoid(W_r (x * z^x) + b_ir + U_r (h * z^h) + b_hr)
/// u = sigmoid(W_u (x * z^x) + b_iu + U_u (h * z^h) + b_hu)
/// n = tanh(W_n (x * z^x) + b_in + r * (U_n (h * z^h) + b_hn))
/// h' = (1 - u) * n + u * h ;   output = h' * z^h
/// </code>
/// </summary>
/// <remarks>
/// Batch-first like <see cref="LstmSVD"/>: input (B, T, In) features or (B, T) tokens, state h0 (1, B, H);
/// returns output (B, T, H) and h_n (1, B, H). Gates are stacked r, z, n as in PyTorch; parameters
/// <c>weight_ih_*</c> (3H, In), <c>weight_hh_*</c> (3H, H), <c>bias_ih</c>, <c>bias_hh</c> (3H), and
/// <c>z_input_*</c>, <c>z_hidden_*</c>. Training draws one sample of the weights and of z per mini-batch, folds z
/// into the weights and runs libtorch's fused GRU kernel. Gate variables are not supported: the GRU's n gate
/// is not a plain preactivation.
/// </remarks>
public sealed class GruSVD : nn.Module<Tensor, Tensor?, (Tensor, Tensor)>, ISparseVDModule
{
    private readonly VariationalParameterSet _set;
    private readonly Parameter bias_ih;
    private readonly Parameter bias_hh;
    private readonly FusedKernels _kernels;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">In: features per step, or the vocabulary size for token input.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="groups"><see cref="SparsityGroups.Weights"/> or any neuron groups; not gates.</param>
    /// <param name="init">Initialisation of W^x (W^h is orthogonal).</param>
    /// <param name="options">SparseVD hyper-parameters; <see cref="SparseVDOptions.Default"/> when null.</param>
    public GruSVD(long inputSize, long hiddenSize, SparsityGroups groups = SparsityGroups.Weights,
        RecurrentInit init = RecurrentInit.GlorotUniform, SparseVDOptions? options = null) : base(nameof(GruSVD))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        if (groups.HasFlag(SparsityGroups.Gates))
            throw new ArgumentException("GruSVD supports weights and neuron groups (W, W+N), not gate variables", nameof(groups));
        Groups = groups;
        Init = init;
        _set = new VariationalParameterSet(this, options);
        Variables = new RecurrentVariables(_set, inputSize, hiddenSize, gateCount: 3, groups);
        bias_ih = new Parameter(zeros(3 * hiddenSize));
        bias_hh = new Parameter(zeros(3 * hiddenSize));
        register_parameter(nameof(bias_ih), bias_ih);
        register_parameter(nameof(bias_hh), bias_hh);
        _kernels = new FusedKernels((width, hidden, device) => nn.GRU(width, hidden, batchFirst: true, device: device));
        reset_parameters();
    }

    /// <summary>The variational tensors.</summary>
    public RecurrentVariables Variables { get; }

    /// <summary>Enabled group variables.</summary>
    public SparsityGroups Groups { get; }

    /// <summary>W^x initialisation.</summary>
    public RecurrentInit Init { get; }

    /// <summary>Input-side bias, (3H).</summary>
    public Parameter BiasIh => bias_ih;

    /// <summary>Hidden-side bias, (3H).</summary>
    public Parameter BiasHh => bias_hh;

    /// <summary>Hidden size H.</summary>
    public long HiddenSize => Variables.HiddenSize;

    /// <inheritdoc />
    public SparseVDOptions Options => _set.Options;

    /// <summary>Re-initialises every parameter; biases are zero.</summary>
    public void reset_parameters()
    {
        Variables.Reset(Init);
        using var _ = no_grad();
        bias_ih.zero_();
        bias_hh.zero_();
    }

    /// <summary>
    /// A layer started from a trained single-layer <c>torch.nn.GRU</c> (see <see cref="LoadTrained(Tensor, Tensor, Tensor, Tensor)"/>). The new
    /// layer is batch-first whatever <paramref name="gru"/> was.
    /// </summary>
    public static GruSVD From(GRU gru, SparsityGroups groups = SparsityGroups.Weights, SparseVDOptions? options = null)
    {
        var trained = TrainedRecurrentWeights.Read(gru, gateCount: 3);
        var layer = new GruSVD(trained.InputSize, trained.HiddenSize, groups, options: options);
        layer.to(trained.WeightIh.device);
        layer.LoadTrained(trained.WeightIh, trained.WeightHh, trained.BiasIh, trained.BiasHh);
        return layer;
    }

    /// <summary>
    /// Starts from trained weights, gates stacked r, z, n: means of W^x (3H, In) and W^h (3H, H) from the trained
    /// values with log sigma by <see cref="VariationalTensor.ResetFromTrained"/>, every z at 1, both biases copied.
    /// </summary>
    public void LoadTrained(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) =>
        LoadTrained(new TrainedTensors(new Dictionary<string, Tensor>
            { ["weight_ih"] = weightIh, ["weight_hh"] = weightHh, ["bias_ih"] = biasIh, ["bias_hh"] = biasHh }));

    /// <inheritdoc />
    public override (Tensor, Tensor) forward(Tensor input, Tensor? h0 = null)
    {
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        h0 ??= zeros(1, batch, HiddenSize, device: input.device);
        (input, var columns) = InputProjection.Compact(input);
        var sample = Variables.Draw(training, sequences: 1, columns);
        var (weightIh, weightHh) = sample.Fold();
        var outputs = _kernels.Forward(input, weightIh, weightHh, bias_ih, bias_hh, h0);
        var output = sample.ZHidden is null ? outputs[0] : outputs[0] * sample.ZHidden.unsqueeze(1);
        return (output.MoveToOuterDisposeScope(), outputs[1].MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public Tensor KlDivergence() => _set.KlDivergence();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> EvalWeights() => _set.EvalWeights();

    /// <inheritdoc />
    public IReadOnlyList<string> WeightMatrices => _set.WeightMatrices;

    /// <inheritdoc />
    public void LoadTrained(TrainedTensors weights) => _set.LoadTrained(weights);

    /// <inheritdoc />
    public override string ToString() => $"GruSVD({Variables.InputSize}, {HiddenSize}, groups={Groups}, init={Init})";

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _kernels.Dispose();
        base.Dispose(disposing);
    }
}
