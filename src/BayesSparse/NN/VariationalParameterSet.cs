using BayesSparse.NN.Functional;
using BayesSparse.Sparsity;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// The <see cref="VariationalTensor"/>s of one layer, with KL, masks and counting over all of them, so every
/// SparseVD layer (whatever its forward signature) shares one implementation of <see cref="ISparseVDModule"/>.
/// </summary>
public sealed class VariationalParameterSet
{
    private readonly nn.Module _owner;
    private readonly List<VariationalTensor> _tensors = [];
    private readonly HashSet<string> _countedWeights = [];

    /// <summary>Creates an empty set whose tensors register on <paramref name="owner"/>.</summary>
    public VariationalParameterSet(nn.Module owner, SparseVDOptions? options)
    {
        _owner = owner;
        Options = (options ?? SparseVDOptions.Default).Validate();
    }

    /// <summary>The layer's hyper-parameters.</summary>
    public SparseVDOptions Options { get; }

    /// <summary>Declares a tensor; <paramref name="countedWeight"/> marks weight matrices (not z) for counting.</summary>
    public VariationalTensor Add(string name, long[] shape, bool countedWeight)
    {
        var tensor = new VariationalTensor(_owner, name, shape);
        _tensors.Add(tensor);
        if (countedWeight) _countedWeights.Add(name);
        return tensor;
    }

    /// <summary>In training a posterior sample, in eval the masked mean.</summary>
    public Tensor Effective(VariationalTensor tensor, bool training) =>
        training ? tensor.Sample() : tensor.MaskedMean(Options);

    /// <summary>Sum of the KL of every tensor, a scalar.</summary>
    public Tensor KlDivergence()
    {
        using var scope = NewDisposeScope();
        var total = zeros([], device: _tensors[0].Mu.device);
        foreach (var tensor in _tensors) total = total.Plus(tensor.KlDivergence(Options));
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>Keep masks keyed by tensor name.</summary>
    public IReadOnlyDictionary<string, Tensor> Mask() => _tensors.ToDictionary(t => t.Name, t => t.KeepMask(Options));

    /// <summary>|w| and |w != 0| of each counted weight matrix.</summary>
    public IEnumerable<WeightSparsity> Sparsity()
    {
        foreach (var tensor in _tensors.Where(t => _countedWeights.Contains(t.Name)))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var nonzero = (tensor.KeepMask(Options) & tensor.Mu.ne(Scalars.Zero)).sum().item<long>();
            yield return new WeightSparsity(tensor.Name, tensor.Mu.numel(), nonzero);
        }
    }
}
