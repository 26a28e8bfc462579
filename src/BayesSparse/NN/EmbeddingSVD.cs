using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// An embedding table with a SparseVD posterior on every entry. Training uses one sample of the whole table per
/// mini-batch (as the authors' code), eval the masked means.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_mu</c>, <c>weight_log_sigma</c> of shape (num_embeddings, embedding_dim), means
/// initialised N(0, 1) as <c>torch.nn.Embedding</c>. Input: integer indices of any shape (*); output (*, embedding_dim).
/// </remarks>
public sealed class EmbeddingSVD : SparseVDModule<Tensor, Tensor>
{
    private readonly VariationalTensor _weight;

    /// <summary>Creates the table.</summary>
    /// <param name="numEmbeddings">Vocabulary size.</param>
    /// <param name="embeddingDim">Size of each vector.</param>
    /// <param name="options">SparseVD hyper-parameters; <see cref="SparseVDOptions.Default"/> when null.</param>
    public EmbeddingSVD(long numEmbeddings, long embeddingDim, SparseVDOptions? options = null)
        : base(nameof(EmbeddingSVD), options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numEmbeddings, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        _weight = Variational.Add("weight", [numEmbeddings, embeddingDim], countedWeight: true);
        reset_parameters();
    }

    /// <summary>Vocabulary size.</summary>
    public long NumEmbeddings { get; }

    /// <summary>Vector size.</summary>
    public long EmbeddingDim { get; }

    /// <summary>The table's posterior.</summary>
    public VariationalTensor Weight => _weight;

    /// <summary>Standard-normal means, log sigma at its initial value.</summary>
    public void reset_parameters() => _weight.Reset(mu => nn.init.normal_(mu), Options);

    /// <inheritdoc />
    public override Tensor forward(Tensor indices)
    {
        using var table = Effective(_weight);
        using var flat = indices.reshape(-1);
        using var rows = table.index_select(0, flat);
        return rows.reshape([.. indices.shape, EmbeddingDim]);
    }

    /// <inheritdoc />
    public override string ToString() => $"EmbeddingSVD({NumEmbeddings}, {EmbeddingDim})";
}
