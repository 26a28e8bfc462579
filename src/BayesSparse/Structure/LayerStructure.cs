using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.Structure;

/// <summary>
/// The groups a layer declares and, for each, which entries (original indices, ascending) its tensors still hold.
/// <see cref="Keep"/> cuts a group down in place: every parameter axis the group indexes, the parameter's gradient and
/// its optimiser state; the parameter objects stay the same, so an optimiser keeps tracking them.
/// <see cref="Expand"/> puts a tensor of the compacted layer back into the original coordinates (zeros where cut),
/// which is how counts, export and warm starts keep speaking the original layer's coordinates.
/// </summary>
public sealed class LayerStructure
{
    private readonly nn.Module _owner;
    private readonly List<StructureGroup> _groups = [];
    private readonly Dictionary<string, Tensor> _live = [];
    private readonly Dictionary<string, Tensor> _positions = [];

    /// <summary>A structure without groups for the layer <paramref name="owner"/>.</summary>
    public LayerStructure(nn.Module owner) => _owner = owner;

    /// <summary>The declared groups.</summary>
    public IReadOnlyList<StructureGroup> Groups => _groups;

    /// <summary>Declares a group; every entry starts live.</summary>
    public StructureGroup Declare(string name, long size, params GroupAxis[] axes)
    {
        if (_groups.Any(g => g.Name == name)) throw new ArgumentException($"group '{name}' is declared twice");
        var group = new StructureGroup(name, size, axes);
        _groups.Add(group);
        return group;
    }

    /// <summary>The group named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such group.</exception>
    public StructureGroup Group(string name) => _groups.FirstOrDefault(g => g.Name == name)
        ?? throw new ArgumentException($"{_owner.GetName()} has no group '{name}' (it has {string.Join(", ", _groups.Select(g => g.Name))})");

    /// <summary>Whether some entries of the group have been cut.</summary>
    public bool IsCompacted(string name) => _live.ContainsKey(name);

    /// <summary>The live entries of a group in original coordinates, ascending (all entries when nothing was cut); a new tensor.</summary>
    public Tensor Live(string name) => _live.TryGetValue(name, out var live) ? live.clone() : arange(Group(name).Size, dtype: ScalarType.Int64);

    /// <summary>How many entries of the group the layer's tensors hold.</summary>
    public long LiveSize(string name) => _live.TryGetValue(name, out var live) ? live.shape[0] : Group(name).Size;

    /// <summary>
    /// For each original entry its position in the compacted tensors, or -1 where cut, (Size) int64 on
    /// <paramref name="device"/>; null while nothing of the group was cut. Cached until the next <see cref="Keep"/>.
    /// </summary>
    public Tensor? Positions(string name, Device device)
    {
        if (!_live.TryGetValue(name, out var live)) return null;
        if (!_positions.TryGetValue(name, out var positions) || positions.device != device)
        {
            positions?.Dispose();
            using var scope = NewDisposeScope();
            var map = full(Group(name).Size, -1L, dtype: ScalarType.Int64, device: device);
            map.index_copy_(0, live.to(device), arange(live.shape[0], dtype: ScalarType.Int64, device: device));
            _positions[name] = positions = map.DetachFromDisposeScope();
        }
        return positions;
    }

    /// <summary>
    /// Keeps only the entries <paramref name="kept"/> (original indices, a subset of the live ones) of the group: every
    /// axis it indexes is cut to them in place, with the parameters' gradients and <paramref name="optimizer"/>'s state.
    /// </summary>
    /// <exception cref="ArgumentException">An index that is not live, or not ascending.</exception>
    public void Keep(string name, Tensor kept, IOptimizerStateSelect? optimizer = null)
    {
        var group = Group(name);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        kept = kept.to(ScalarType.Int64).cpu().reshape(-1);
        var live = Live(name);
        var positions = searchsorted(live, kept);
        bool ascending = kept.numel() < 2 || kept[1..].gt(kept[..^1]).all().item<bool>();
        bool allLive = kept.numel() == 0 || (positions.lt(live.shape[0]).all().item<bool>()
            && live.index_select(0, positions.clamp_max(live.shape[0] - 1)).eq(kept).all().item<bool>());
        if (!ascending || !allLive)
            throw new ArgumentException($"{_owner.GetName()}.{name}: the kept entries must be live entries in ascending order");
        if (kept.numel() == live.shape[0]) return;
        long liveSize = live.shape[0];
        foreach (var axis in group.Axes)
            foreach (var parameter in ParametersOf(axis.Tensor))
            {
                var index = Blocked(positions, liveSize, axis.Blocks).to(parameter.device);
                Select(parameter, axis.Dim, index, optimizer);
            }
        _live[name] = kept.DetachFromDisposeScope();
        if (_positions.Remove(name, out var stale)) stale.Dispose();
    }

    /// <summary>
    /// <paramref name="value"/>, a compacted value of the layer's tensor <paramref name="tensorName"/>, in original
    /// coordinates: zeros at the cut entries of every group that indexes it. A new tensor (the value itself, cloned,
    /// when nothing it depends on was cut).
    /// </summary>
    public Tensor Expand(string tensorName, Tensor value)
    {
        using var scope = NewDisposeScope();
        var result = value.alias();
        foreach (var group in _groups.Where(g => _live.ContainsKey(g.Name)))
            foreach (var axis in group.Axes.Where(a => a.Tensor == tensorName))
            {
                var shape = result.shape.ToArray();
                shape[axis.Dim] = group.Size * axis.Blocks;
                var index = Blocked(_live[group.Name], group.Size, axis.Blocks).to(value.device);
                result = zeros(shape, dtype: value.dtype, device: value.device).index_copy_(axis.Dim, index, result);
            }
        return (ReferenceEquals(result, value) ? value.clone() : result.clone()).MoveToOuterDisposeScope();
    }

    /// <summary>Entry positions repeated for each stacked block: block k holds entry j at k * <paramref name="size"/> + j.</summary>
    private static Tensor Blocked(Tensor positions, long size, int blocks) => blocks == 1 ? positions.alias()
        : cat([.. Enumerable.Range(0, blocks).Select(k => positions + k * size)]);

    private IEnumerable<Parameter> ParametersOf(string tensor)
    {
        var found = _owner.named_parameters(recurse: false)
            .Where(p => p.name == tensor || p.name == tensor + "_mu" || p.name == tensor + "_log_sigma")
            .Select(p => p.parameter).ToList();
        return found.Count > 0 ? found : throw new ArgumentException($"{_owner.GetName()} has no tensor '{tensor}'");
    }

    /// <summary>Cuts <paramref name="parameter"/> (with its gradient and optimiser state) to <paramref name="index"/> along <paramref name="dim"/>, in place.</summary>
    private static void Select(Parameter parameter, long dim, Tensor index, IOptimizerStateSelect? optimizer)
    {
        Tensor Cut(Tensor t) => t.index_select(dim, index);
        optimizer?.SelectState(parameter, Cut);
        if (parameter.grad is { } grad)
        {
            using var cutGrad = Cut(grad);
            grad.set_(cutGrad);
        }
        using var cut = Cut(parameter);
        parameter.set_(cut);
    }
}
