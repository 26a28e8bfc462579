using BayesSparse.NN.Functional;
using BayesSparse.Structure;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// The <see cref="VariationalTensor"/>s of one layer, with KL, eval weights and trained starts over all of them, so every
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
        Structure = new LayerStructure(owner);
        Options = (options ?? SparseVDOptions.Default).Validate();
    }

    /// <summary>The layer's hyper-parameters.</summary>
    public SparseVDOptions Options { get; }

    /// <summary>The layer's groups and their live entries; <see cref="EvalWeights"/> speaks the original coordinates.</summary>
    public LayerStructure Structure { get; }

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

    /// <summary>
    /// <see cref="ILayerWeights.EvalWeights"/> of the owner: the masked mean of every tensor, and the owner's plain
    /// parameters (biases) as they are, both in the original coordinates (zeros where the structure was cut).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> EvalWeights()
    {
        using var _ = no_grad();
        var weights = PlainParameters().ToDictionary(p => p.Name, p => Structure.Expand(p.Name, p.Parameter.detach()));
        foreach (var tensor in _tensors)
        {
            using var masked = tensor.MaskedMean(Options);
            weights[tensor.Name] = Structure.Expand(tensor.Name, masked);
        }
        return weights;
    }

    /// <summary>The weight matrices (not z), in declaration order.</summary>
    public IReadOnlyList<string> WeightMatrices => [.. _tensors.Where(t => _countedWeights.Contains(t.Name)).Select(t => t.Name)];

    /// <summary><see cref="ILayerWeights.LoadTrained"/> of the owner: trained means for the weights, every z at mean 1, plain parameters copied.</summary>
    public void LoadTrained(TrainedTensors weights)
    {
        if (Structure.Groups.Any(g => Structure.IsCompacted(g.Name)))
            throw new InvalidOperationException($"{_owner.GetName()}: a compacted layer cannot start from trained weights; start an uncut layer");
        foreach (var tensor in _tensors)
        {
            if (_countedWeights.Contains(tensor.Name)) tensor.ResetFromTrained(weights.Get(tensor.Name, tensor.Mu.shape), Options);
            else tensor.Reset(mu => mu.fill_(Scalars.One), Options);
        }
        using var _ = no_grad();
        foreach (var (name, parameter) in PlainParameters()) parameter.copy_(weights.Get(name, parameter.shape));
    }

    private IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> PlainParameters()
    {
        var variational = _tensors.SelectMany(t => new[] { t.Name + "_mu", t.Name + "_log_sigma" }).ToHashSet();
        return _owner.named_parameters(recurse: false).Where(p => !variational.Contains(p.name)).Select(p => (p.name, p.parameter));
    }
}
