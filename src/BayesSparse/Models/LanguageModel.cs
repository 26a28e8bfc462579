using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Sparsity;
using BayesSparse.Structure;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>
/// One-hot input, one LSTM, dense + softmax per step (the paper's PTB models). The one-hot input is a row
/// lookup of W^x, never a matmul with a one-hot matrix. W^x is orthogonal-initialised as in the authors' code.
/// </summary>
/// <remarks>
/// Input tokens (B, T) and an optional carried state (h, c), each (1, B, H); returns logits (B, T, V) and the
/// final state, which the word-level runner detaches and passes to the next batch.
/// </remarks>
public sealed class LanguageModel : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>, ISequenceModel, IStructuredModel
{
    /// <inheritdoc />
    public nn.Module Module => this;

    private readonly nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm;
    private readonly nn.Module<Tensor, Tensor> dense;

    /// <summary>Builds the model for <paramref name="config"/>.</summary>
    public LanguageModel(LanguageModelConfig config) : base(nameof(LanguageModel))
    {
        Config = config;
        if (config.Kind.IsBayesian())
        {
            lstm = new LstmSVD(config.VocabularySize, config.HiddenSize, config.Kind.Groups(inputNeurons: false),
                config.Noise, RecurrentInit.Orthogonal, config.ForgetBias, config.Options, config.GateActivation);
            dense = new LinearSVD(config.HiddenSize, config.VocabularySize, noise: config.OutputNoise, options: config.Options);
        }
        else
        {
            lstm = new DenseLstm(config.VocabularySize, config.HiddenSize, RecurrentInit.Orthogonal, config.ForgetBias, config.GateActivation);
            dense = nn.Linear(config.HiddenSize, config.VocabularySize);
        }
        register_module(ModelLayers.Lstm, lstm);
        register_module(ModelLayers.Output, dense);
    }

    /// <summary>The configuration.</summary>
    public LanguageModelConfig Config { get; }

    /// <inheritdoc />
    public ModelKind Kind => Config.Kind;

    /// <inheritdoc />
    public GateActivation GateActivation => Config.GateActivation;

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor tokens, (Tensor, Tensor)? state = null)
    {
        using var scope = NewDisposeScope();
        var (output, h, c) = lstm.forward(tokens, state);
        var logits = dense.forward(output);
        return (logits.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public Dictionary<string, Tensor> EvalWeights() => LayerWeights.Eval(this);

    /// <summary>The output layer's columns are the LSTM's hidden neurons.</summary>
    public IReadOnlyList<(string Leader, string Follower)> TiedGroups =>
        [(ModelStructure.Key(ModelLayers.Lstm, "hidden"), ModelStructure.Key(ModelLayers.Output, "input"))];

    /// <summary>
    /// The hidden neurons and non-constant gate rows that eval uses (<see cref="StructuredSparsity.KeptUnits"/>); none
    /// for the Original. The one-hot input columns are not offered: the token path reads every column.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> EvalKeptGroups()
    {
        if (!Kind.IsBayesian()) return new Dictionary<string, Tensor>();
        var (_, _, hidden, gates) = StructuredSparsity.KeptUnits(RecurrentMasks.Of(EvalWeights()));
        return new Dictionary<string, Tensor>
        {
            [ModelStructure.Key(ModelLayers.Lstm, "hidden")] = hidden,
            [ModelStructure.Key(ModelLayers.Lstm, "gates")] = gates,
        };
    }
}
