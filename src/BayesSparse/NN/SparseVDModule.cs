using BayesSparse.Structure;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// Base of the single-input SparseVD layers: declares the layer's <see cref="VariationalTensor"/>s and
/// implements KL, eval weights and trained starts over them, so each layer only writes its forward math.
/// </summary>
/// <typeparam name="TInput">The forward input type.</typeparam>
/// <typeparam name="TOutput">The forward output type.</typeparam>
public abstract class SparseVDModule<TInput, TOutput> : nn.Module<TInput, TOutput>, ISparseVDModule, IStructuredLayer
{
    /// <summary>Validates <paramref name="options"/> and names the module.</summary>
    protected SparseVDModule(string name, SparseVDOptions? options) : base(name)
    {
        Variational = new VariationalParameterSet(this, options);
    }

    /// <summary>The layer's variational tensors.</summary>
    protected VariationalParameterSet Variational { get; }

    /// <inheritdoc />
    public SparseVDOptions Options => Variational.Options;

    /// <inheritdoc />
    public LayerStructure Structure => Variational.Structure;

    /// <summary>In training a posterior sample, in eval the masked mean (log alpha above threshold = 0).</summary>
    protected Tensor Effective(VariationalTensor tensor) => Variational.Effective(tensor, training);

    /// <inheritdoc />
    public Tensor KlDivergence() => Variational.KlDivergence();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> EvalWeights() => Variational.EvalWeights();

    /// <inheritdoc />
    public IReadOnlyList<string> WeightMatrices => Variational.WeightMatrices;

    /// <inheritdoc />
    public void LoadTrained(TrainedTensors weights) => Variational.LoadTrained(weights);
}
