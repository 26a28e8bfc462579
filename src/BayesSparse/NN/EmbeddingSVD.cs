using BayesSparse.Diagnostics;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent;
using BayesSparse.Structure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// An embedding table with a SparseVD posterior on every entry. Training uses one sample of the table per
/// mini-batch (as the authors' code), drawn only for the rows the batch reads; eval the masked means.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_mu</c>, <c>weight_log_sigma</c> of shape (num_embeddings, embedding_dim), means
/// initialised N(0, initStd^2) (N(0, 1) by default, as <c>torch.nn.Embedding</c>); with vocabulary variables also <c>z_vocabulary_mu</c>,
/// <c>z_vocabulary_log_sigma</c> (num_embeddings), means 1, which multiply each word's row (the paper's
/// vocabulary sparsification). Input: integer indices of any shape (*), (B, T) when z is used; output
/// (*, embedding_dim). In training z is sampled once per sequence (<see cref="ZPerSequence"/>) or once per batch.
/// Groups (<see cref="LayerStructure"/>): <c>vocabulary</c> (rows; a cut word reads a zero vector) and
/// <c>dimensions</c> (columns; a cut table returns only its live columns).
/// </remarks>
public sealed class EmbeddingSVD : SparseVDModule<Tensor, Tensor>
{
    private readonly VariationalTensor _weight;

    /// <summary>Creates the table.</summary>
    /// <param name="numEmbeddings">Vocabulary size.</param>
    /// <param name="embeddingDim">Size of each vector.</param>
    /// <param name="vocabularyZ">Whether to learn a z per vocabulary entry.</param>
    /// <param name="zPerSequence">Sample z per sequence (the authors' scheme) rather than per batch.</param>
    /// <param name="options">SparseVD hyper-parameters; <see cref="SparseVDOptions.Default"/> when null.</param>
    /// <param name="initStd">Standard deviation of the normal initial means (1 as <c>torch.nn.Embedding</c>).</param>
    public EmbeddingSVD(long numEmbeddings, long embeddingDim, bool vocabularyZ = false, bool zPerSequence = true,
        SparseVDOptions? options = null, double initStd = 1.0)
        : base(nameof(EmbeddingSVD), options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEmbeddings, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        _weight = Variational.Add("weight", [numEmbeddings, embeddingDim], countedWeight: true);
        if (vocabularyZ) ZVocabulary = Variational.Add("z_vocabulary", [numEmbeddings], countedWeight: false);
        ZPerSequence = zPerSequence;
        InitStd = initStd;
        Structure.Declare("vocabulary", numEmbeddings, _weight.Axis(0), ZVocabulary?.Axis(0));
        Structure.Declare("dimensions", embeddingDim, _weight.Axis(1));
        reset_parameters();
    }

    /// <summary>Vocabulary size.</summary>
    public long NumEmbeddings { get; }

    /// <summary>Vector size.</summary>
    public long EmbeddingDim { get; }

    /// <summary>The table's posterior.</summary>
    public VariationalTensor Weight => _weight;

    /// <summary>The vocabulary variables, or null.</summary>
    public VariationalTensor? ZVocabulary { get; }

    /// <summary>Whether z is sampled per sequence in training.</summary>
    public bool ZPerSequence { get; }

    /// <summary>Standard deviation of the initial means.</summary>
    public double InitStd { get; }

    /// <summary>Normal means N(0, <see cref="InitStd"/>^2), z means 1, log sigma at its initial value.</summary>
    public void reset_parameters()
    {
        _weight.Reset(mu => nn.init.normal_(mu, 0, InitStd), Options);
        ZVocabulary?.Reset(mu => mu.fill_(Scalars.One), Options);
    }

    /// <summary>A table started from a trained <c>torch.nn.Embedding</c> (see <see cref="LoadTrained"/>).</summary>
    public static EmbeddingSVD From(Embedding embedding, bool vocabularyZ = false, bool zPerSequence = true, SparseVDOptions? options = null)
    {
        var weight = embedding.weight!;
        var layer = new EmbeddingSVD(weight.shape[0], weight.shape[1], vocabularyZ, zPerSequence, options);
        layer.to(weight.device);
        layer.LoadTrained(weight);
        return layer;
    }

    /// <summary>
    /// Starts the table from trained vectors (num_embeddings, embedding_dim): means = <paramref name="weight"/>,
    /// log sigma by <see cref="VariationalTensor.ResetFromTrained"/>; vocabulary z at mean 1.
    /// </summary>
    public void LoadTrained(Tensor weight) => LoadTrained(new TrainedTensors(new Dictionary<string, Tensor> { ["weight"] = weight }));

    /// <inheritdoc />
    public override Tensor forward(Tensor indices)
    {
        using var section = StepProfiler.Record("forward.embedding");
        using var scope = NewDisposeScope();
        if (ZVocabulary is not null && indices.dim() != 2) throw new ArgumentException("vocabulary z needs (batch, steps) indices");
        // In a cut table a word reads its live row; a cut word reads row 0 and is zeroed below.
        var positions = Structure.Positions("vocabulary", indices.device)?.index_select(0, indices.reshape(-1)).reshape(indices.shape);
        if (positions is not null) indices = positions.clamp_min(Scalars.Zero);
        // Weights and z are drawn only for the batch's distinct tokens (the other rows are not read).
        var (compact, tokens) = InputProjection.Compact(indices);
        var z = ZVocabulary?.Rows(training, ZPerSequence ? indices.shape[0] : 1, Options, tokens); // (N, distinct)
        // A z shared by the batch scales the table's rows; one per sequence scales each looked-up row.
        var shared = z is not null && z.shape[0] == 1 ? z.reshape(-1) : null;
        var table = training ? _weight.Sample(tokens, dim: 0) : _weight.MaskedMean(Options, tokens, dim: 0);
        if (shared is not null) table = table * shared.unsqueeze(1);
        var rows = table.index_select(0, compact.reshape(-1)).reshape([.. indices.shape, table.shape[1]]);
        if (z is not null && z.shape[0] > 1) rows = rows * z.gather(1, compact).unsqueeze(2);
        if (positions is not null) rows = rows * positions.ge(Scalars.Zero).unsqueeze(-1).to(rows.dtype);
        return rows.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"EmbeddingSVD({NumEmbeddings}, {EmbeddingDim})";
}
