using BayesSparse.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// Base of the SparseVD layers: owns the layer's <see cref="VariationalTensor"/>s and implements KL, masks and
/// counting over them, so each layer only declares its tensors and writes its forward math.
/// </summary>
/// <typeparam name="TInput">The forward input type.</typeparam>
/// <typeparam name="TOutput">The forward output type.</typeparam>
public abstract class SparseVDModule<TInput, TOutput> : nn.Module<TInput, TOutput>, ISparseVDModule
{
    private readonly List<VariationalTensor> _variational = [];
    private readonly HashSet<string> _countedWeights = [];

    /// <summary>Validates <paramref name="options"/> and names the module.</summary>
    protected SparseVDModule(string name, SparseVDOptions? options) : base(name)
    {
        Options = (options ?? SparseVDOptions.Default).Validate();
    }

    /// <inheritdoc />
    public SparseVDOptions Options { get; }

    /// <summary>Declares a variational tensor; <paramref name="countedWeight"/> marks weight matrices.</summary>
    protected VariationalTensor AddVariational(string name, long[] shape, bool countedWeight)
    {
        var tensor = new VariationalTensor(this, name, shape);
        _variational.Add(tensor);
        if (countedWeight) _countedWeights.Add(name);
        return tensor;
    }

    /// <summary>In training a posterior sample, in eval the masked mean (log alpha above threshold = 0).</summary>
    protected Tensor Effective(VariationalTensor tensor) => training ? tensor.Sample() : tensor.MaskedMean(Options);

    /// <inheritdoc />
    public Tensor KlDivergence()
    {
        using var scope = NewDisposeScope();
        var total = zeros([], device: _variational[0].Mu.device);
        foreach (var tensor in _variational) total += tensor.KlDivergence(Options);
        return total.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Mask() =>
        _variational.ToDictionary(t => t.Name, t => t.KeepMask(Options));

    /// <inheritdoc />
    public IEnumerable<WeightSparsity> Sparsity()
    {
        foreach (var tensor in _variational.Where(t => _countedWeights.Contains(t.Name)))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var nonzero = (tensor.KeepMask(Options) & tensor.Mu.ne(0)).sum().item<long>();
            yield return new WeightSparsity(tensor.Name, tensor.Mu.numel(), nonzero);
        }
    }
}
