using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent;
using BayesSparse.Sparsity;
using BayesSparse.Structure;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>
/// Embedding, one LSTM, and a dense layer on the last real step (the paper's IMDb and AGNews model). SparseVD
/// variants use <see cref="EmbeddingSVD"/> (with vocabulary z for W+N and W+G+N), <see cref="LstmSVD"/> and a
/// <see cref="LinearSVD"/> with the local reparameterisation trick; the Original uses plain layers.
/// </summary>
/// <remarks>
/// Input: tokens (B, T) left-padded as the authors prepare them and a mask (B, T), true on real tokens.
/// Masked steps of a left-padded sequence would leave the zero initial state unchanged, so the model runs the
/// LSTM on each sequence shifted to start at its first real token and reads the output at its last real
/// token: the same result, and it lets the recurrence use the fused kernel. Output: logits (B, classes).
/// </remarks>
public sealed class TextClassifier : nn.Module<Tensor, Tensor, Tensor>, ISequenceModel, IStructuredModel
{
    /// <inheritdoc />
    public nn.Module Module => this;

    private readonly nn.Module<Tensor, Tensor> embedding;
    private readonly nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> lstm;
    private readonly nn.Module<Tensor, Tensor> dense;

    /// <summary>Builds the model for <paramref name="config"/>.</summary>
    public TextClassifier(TextClassifierConfig config) : base(nameof(TextClassifier))
    {
        Config = config;
        if (config.Kind.IsBayesian())
        {
            embedding = new EmbeddingSVD(config.VocabularySize, config.EmbeddingDim, config.Kind.VocabularyZ(),
                zPerSequence: config.Noise == RecurrentNoise.Faithful, config.Options, config.EmbeddingInitStd);
            lstm = new LstmSVD(config.EmbeddingDim, config.HiddenSize, config.Kind.Groups(inputNeurons: true), config.Noise,
                options: config.Options, gateActivation: config.GateActivation);
            dense = new LinearSVD(config.HiddenSize, config.Classes, options: config.Options);
        }
        else
        {
            var table = nn.Embedding(config.VocabularySize, config.EmbeddingDim);
            using (no_grad()) nn.init.normal_(table.weight!, 0, config.EmbeddingInitStd);
            embedding = table;
            lstm = new DenseLstm(config.EmbeddingDim, config.HiddenSize, gateActivation: config.GateActivation);
            dense = nn.Linear(config.HiddenSize, config.Classes);
        }
        register_module(ModelLayers.Embedding, embedding);
        register_module(ModelLayers.Lstm, lstm);
        register_module(ModelLayers.Output, dense);
    }

    /// <summary>The configuration.</summary>
    public TextClassifierConfig Config { get; }

    /// <inheritdoc />
    public ModelKind Kind => Config.Kind;

    /// <inheritdoc />
    public GateActivation GateActivation => Config.GateActivation;

    /// <inheritdoc />
    public override Tensor forward(Tensor tokens, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long steps = tokens.shape[1];
        using Scalar stepCount = steps;
        var lengths = mask.to(ScalarType.Int64).sum(1).clamp_min(Scalars.One);   // (B)
        // Left-padded -> left-aligned: position t reads original position (t + T - length) mod T.
        var positions = HeldScalarMath.Arange(stepCount, tokens.device).unsqueeze(0).Plus(stepCount).sub(lengths.unsqueeze(1)).remainder(stepCount);
        var aligned = tokens.gather(1, positions);
        var (output, _, _) = lstm.forward(embedding.forward(aligned), null);
        var last = (lengths - Scalars.One).view(-1, 1, 1).expand(-1, 1, output.shape[2]);
        return dense.forward(output.gather(1, last).squeeze(1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Dictionary<string, Tensor> EvalWeights() => LayerWeights.Eval(this);

    /// <summary>The embedding's columns are the LSTM's input neurons; the output layer's columns its hidden neurons.</summary>
    public IReadOnlyList<(string Leader, string Follower)> TiedGroups =>
    [
        (ModelStructure.Key(ModelLayers.Lstm, "input"), ModelStructure.Key(ModelLayers.Embedding, "dimensions")),
        (ModelStructure.Key(ModelLayers.Lstm, "hidden"), ModelStructure.Key(ModelLayers.Output, "input")),
    ];

    /// <summary>
    /// The vocabulary, input and hidden neurons and non-constant gate rows that eval uses
    /// (<see cref="StructuredSparsity.KeptUnits"/>); none for the Original.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> EvalKeptGroups()
    {
        if (!Kind.IsBayesian()) return new Dictionary<string, Tensor>();
        var (vocabulary, input, hidden, gates) = StructuredSparsity.KeptUnits(RecurrentMasks.Of(EvalWeights()));
        return new Dictionary<string, Tensor>
        {
            [ModelStructure.Key(ModelLayers.Embedding, "vocabulary")] = vocabulary!,
            [ModelStructure.Key(ModelLayers.Lstm, "input")] = input,
            [ModelStructure.Key(ModelLayers.Lstm, "hidden")] = hidden,
            [ModelStructure.Key(ModelLayers.Lstm, "gates")] = gates,
        };
    }
}
