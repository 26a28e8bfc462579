using BayesSparse.Diagnostics;
using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent.Backends;
using BayesSparse.Structure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// A single-layer LSTM with SparseVD posteriors on W^x and W^h and, by <see cref="SparsityGroups"/>, on the
/// input neurons z^x, hidden neurons z^h and gate preactivations z^i, z^f, z^g, z^o (paper, eq. 2-3):
/// <code>
/// i, f, o = σ((W^x (x_t * z^x) + W^h h_{t-1}) * z^{i,f,o} + b)
/// g       = tanh((W^x (x_t * z^x) + W^h h_{t-1}) * z^g + b_g)
/// c_t = f * c_{t-1} + i * g ;   h_t = o * tanh(c_t) * z^h
/// </code>
/// with σ the <see cref="GateActivation"/> (the sigmoid, or the authors' hard_sigmoid).
/// </summary>
/// <remarks>
/// <para>Same input and output types as TorchSharp's <c>LSTM</c>, batch-first: input (B, T, In) features, or
/// (B, T) integer tokens read as one-hot over In (a row lookup of W^x); state (h0, c0), each (1, B, H), zeros
/// when null. Returns output (B, T, H) (with z^h applied), h_n and c_n (1, B, H). The carried state h is taken
/// before z^h, which is applied again at the next step with that batch's sample.</para>
/// <para>Parameters (state-dict keys): <c>weight_ih_mu</c>/<c>_log_sigma</c> (4H, In), <c>weight_hh_mu</c>/
/// <c>_log_sigma</c> (4H, H), <c>bias</c> (4H), and <c>z_input_*</c> (In), <c>z_hidden_*</c> (H),
/// <c>z_gates_*</c> (4H) when enabled. Gates are stacked i, f, g, o as in PyTorch, so means compare directly
/// with <c>torch.nn.LSTM</c> (whose two biases sum to <c>bias</c>).</para>
/// <para>Training follows <see cref="RecurrentNoise"/>: faithful samples z per sequence, fast per batch (a layer
/// without group variables draws one weight sample per batch, the authors' scheme). Eval uses masked means. Which
/// backend computes the recurrence is <see cref="LstmBackends.Choose"/>'s rule over constant gates (eval, gate z
/// zeroed: σ(b) or tanh(b) computed once), libtorch's fused kernel (z shared, sigmoid gates) and the per-step cell
/// (anything else, hard_sigmoid included); <see cref="Backend"/> says which ran.</para>
/// </remarks>
public sealed class LstmSVD : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>, ISparseVDModule, IStructuredLayer, IReportsBackend
{
    private readonly VariationalParameterSet _set;
    private readonly Parameter bias;
    private readonly FusedLstm _fused = new();
    private readonly ILstmBackend[] _backends;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">In: features per step, or the vocabulary size for token input.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="groups">Group variables besides the weights (W: none; W+N; W+G+N).</param>
    /// <param name="noise">Training-mode sampling.</param>
    /// <param name="init">Initialisation of W^x (W^h is orthogonal).</param>
    /// <param name="forgetBias">Initial forget-gate bias (1 for classifiers and the word LM, 0 for the char LM).</param>
    /// <param name="options">SparseVD hyper-parameters; <see cref="SparseVDOptions.Default"/> when null.</param>
    /// <param name="gateActivation">σ of the i, f and o gates.</param>
    public LstmSVD(long inputSize, long hiddenSize, SparsityGroups groups = SparsityGroups.Weights,
        RecurrentNoise noise = RecurrentNoise.Faithful, RecurrentInit init = RecurrentInit.GlorotUniform,
        double forgetBias = 1.0, SparseVDOptions? options = null, GateActivation gateActivation = GateActivation.Sigmoid)
        : base(nameof(LstmSVD))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        Groups = groups;
        GateActivation = gateActivation.Validated();
        Noise = noise;
        Init = init;
        ForgetBias = forgetBias;
        _set = new VariationalParameterSet(this, options);
        Variables = new RecurrentVariables(_set, inputSize, hiddenSize, gateCount: 4, groups);
        bias = new Parameter(zeros(4 * hiddenSize));
        register_parameter(nameof(bias), bias);
        _backends = [new ConstantGatesLstm(), _fused, PerStepLstm.Unrolled()];
        var v = Variables;
        Structure.Declare("input", inputSize, v.WeightIh.Axis(1), v.ZInput?.Axis(0));
        Structure.Declare("hidden", hiddenSize, v.WeightIh.Axis(0, blocks: 4), v.WeightHh.Axis(0, blocks: 4), v.WeightHh.Axis(1),
            new GroupAxis(nameof(bias), 0, Blocks: 4), v.ZGates?.Axis(0, blocks: 4), v.ZHidden?.Axis(0));
        Structure.Declare("gates", 4 * hiddenSize, v.WeightIh.Axis(0), v.WeightHh.Axis(0), v.ZGates?.Axis(0));
        reset_parameters();
    }

    /// <summary>The variational tensors.</summary>
    public RecurrentVariables Variables { get; }

    /// <summary>The bias b, (4H), no posterior.</summary>
    public Parameter Bias => bias;

    /// <summary>Enabled group variables.</summary>
    public SparsityGroups Groups { get; }

    /// <summary>Training-mode sampling.</summary>
    public RecurrentNoise Noise { get; }

    /// <summary>σ of the i, f and o gates.</summary>
    public GateActivation GateActivation { get; }

    /// <summary>W^x initialisation.</summary>
    public RecurrentInit Init { get; }

    /// <summary>Initial forget-gate bias.</summary>
    public double ForgetBias { get; }

    /// <summary>Input size In.</summary>
    public long InputSize => Variables.InputSize;

    /// <summary>Hidden size H.</summary>
    public long HiddenSize => Variables.HiddenSize;

    /// <inheritdoc />
    public SparseVDOptions Options => _set.Options;

    /// <summary>
    /// Groups: <c>input</c> (In; the columns of W^x and z^x), <c>hidden</c> (H; a neuron's four gate rows of
    /// W^x, W^h, b and z^g, its W^h column and z^h) and <c>gates</c> (4H; a gate preactivation's row of W^x, W^h and
    /// z^g, not its bias: a cut gate is the constant σ(b) or tanh(b)). A layer cut to some hidden neurons takes and
    /// returns states and outputs of the live width (<c>Structure.LiveSize("hidden")</c>); one cut to some inputs takes
    /// features of the live input width.
    /// </summary>
    public LayerStructure Structure => _set.Structure;

    /// <summary>Re-initialises every parameter (see the class remarks).</summary>
    public void reset_parameters()
    {
        Variables.Reset(Init);
        using var _ = no_grad();
        bias.zero_();
        bias[TensorIndex.Slice(HiddenSize, 2 * HiddenSize)] = tensor(ForgetBias);
    }

    /// <summary>
    /// A layer started from a trained single-layer <c>torch.nn.LSTM</c> (see <see cref="LoadTrained(Tensor, Tensor, Tensor)"/>). The new
    /// layer is batch-first whatever <paramref name="lstm"/> was.
    /// </summary>
    public static LstmSVD From(LSTM lstm, SparsityGroups groups = SparsityGroups.Weights,
        RecurrentNoise noise = RecurrentNoise.Faithful, SparseVDOptions? options = null)
    {
        var trained = TrainedRecurrentWeights.Read(lstm, gateCount: 4);
        var layer = new LstmSVD(trained.InputSize, trained.HiddenSize, groups, noise, options: options);
        layer.to(trained.WeightIh.device);
        using var bias = trained.BiasIh.Plus(trained.BiasHh);
        layer.LoadTrained(trained.WeightIh, trained.WeightHh, bias);
        return layer;
    }

    /// <summary>A layer started from the project's dense <see cref="DenseLstm"/> (the Original), with its gate activation.</summary>
    public static LstmSVD From(DenseLstm lstm, SparsityGroups groups = SparsityGroups.Weights,
        RecurrentNoise noise = RecurrentNoise.Faithful, SparseVDOptions? options = null)
    {
        var layer = new LstmSVD(lstm.WeightIh.shape[1], lstm.HiddenSize, groups, noise, options: options,
            gateActivation: lstm.GateActivation);
        layer.to(lstm.WeightIh.device);
        layer.LoadTrained(lstm.WeightIh, lstm.WeightHh, lstm.Bias);
        return layer;
    }

    /// <summary>
    /// Starts from trained weights, gates stacked i, f, g, o: means of W^x (4H, In) and W^h (4H, H) from the
    /// trained values with log sigma by <see cref="VariationalTensor.ResetFromTrained"/>, every z at 1, and
    /// the bias (4H) copied (for <c>torch.nn.LSTM</c>, the sum of its two biases).
    /// </summary>
    public void LoadTrained(Tensor weightIh, Tensor weightHh, Tensor bias) =>
        LoadTrained(new TrainedTensors(new Dictionary<string, Tensor> { ["weight_ih"] = weightIh, ["weight_hh"] = weightHh, ["bias"] = bias }));

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor input, (Tensor, Tensor)? state = null)
    {
        ValidateInput(input);
        using var scope = NewDisposeScope();
        long batch = input.shape[0];
        long hidden = Structure.LiveSize("hidden");
        var (h0, c0) = state ?? (zeros(1, batch, hidden, device: input.device), zeros(1, batch, hidden, device: input.device));
        bool perSequence = training && Noise == RecurrentNoise.Faithful && Groups != SparsityGroups.Weights;
        (input, var columns) = InputProjection.Compact(input);
        RecurrentSample sample;
        using (StepProfiler.Record("forward.lstm.sample"))
        {
            sample = Variables.Draw(training, perSequence ? batch : 1, columns);
            // Cut gate rows come back as zero rows: their preactivation is the bias alone, a constant gate.
            if (Structure.AxisPositionsWithout("weight_ih", 0, "gates") is { } rows) sample = sample.WithRows(rows, 4 * hidden);
        }
        using var recurrence = StepProfiler.Record("forward.lstm.recurrence");
        var run = new LstmRun(input, sample, bias, h0.squeeze(0), c0.squeeze(0), GateActivation, training);
        var backend = LstmBackends.Choose(run, _backends);
        if (training) Backend = backend.Name;
        return backend.Run(run).AsLayerResult();
    }

    /// <inheritdoc />
    public string? Backend { get; private set; }

    private void ValidateInput(Tensor input)
    {
        bool tokens = InputProjection.IsTokens(input);
        long width = Structure.LiveSize("input");
        if (tokens ? input.dim() != 2 : input.dim() != 3 || input.shape[2] != width)
            throw new ArgumentException(
                $"LstmSVD expects (batch, steps, {width}) features or (batch, steps) tokens, got [{string.Join(", ", input.shape)}]");
        if (tokens && Structure.IsCompacted("input"))
            throw new NotSupportedException("LstmSVD: token input needs every input column; cut its input group only for feature input");
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
    public override string ToString() =>
        $"LstmSVD({InputSize}, {HiddenSize}, groups={Groups}, noise={Noise}, init={Init}, forget_bias={ForgetBias}, gates={GateActivation.Name()})";

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _fused.Dispose();
        base.Dispose(disposing);
    }
}
