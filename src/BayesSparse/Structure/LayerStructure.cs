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
    /// <summary>Index tensors derived from the live entries (<see cref="Positions"/>, <see cref="AxisPositionsWithout"/>),
    /// read every batch; emptied by <see cref="Keep"/>.</summary>
    private readonly Dictionary<string, Tensor> _derived = [];

    /// <summary>A structure without groups for the layer <paramref name="owner"/>.</summary>
    public LayerStructure(nn.Module owner) => _owner = owner;

    /// <summary>The declared groups.</summary>
    public IReadOnlyList<StructureGroup> Groups => _groups;

    /// <summary>
    /// Declares a group; every entry starts live. A null axis (of an optional tensor the layer was built without, such
    /// as a z of a model without that group) is left out; every other axis must name a parameter of the layer.
    /// </summary>
    public StructureGroup Declare(string name, long size, params GroupAxis?[] axes)
    {
        if (_groups.Any(g => g.Name == name)) throw new ArgumentException($"group '{name}' is declared twice");
        var present = axes.OfType<GroupAxis>().ToList();
        foreach (var axis in present) _ = ParametersOf(axis.Tensor).ToList();
        var group = new StructureGroup(name, size, present);
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
    public Tensor Live(string name) => _live.TryGetValue(name, out var live) ? live.clone() : Range(Group(name).Size, CPU);

    /// <summary>How many entries of the group the layer's tensors hold.</summary>
    public long LiveSize(string name) => _live.TryGetValue(name, out var live) ? live.shape[0] : Group(name).Size;

    /// <summary>
    /// For each original entry its position in the compacted tensors, or -1 where cut, (Size) int64 on
    /// <paramref name="device"/>; null while nothing of the group was cut. Cached until the next <see cref="Keep"/>.
    /// </summary>
    public Tensor? Positions(string name, Device device)
    {
        if (!_live.TryGetValue(name, out var live)) return null;
        return Derived($"positions {name} {device}", () =>
        {
            var map = zeros(Group(name).Size, dtype: ScalarType.Int64, device: device).sub_(NN.Functional.Scalars.One);
            return map.index_copy_(0, live.to(device), Range(live.shape[0], device));
        });
    }

    /// <summary>
    /// Keeps only the entries <paramref name="kept"/> (original indices, a subset of the live ones) of the group: every
    /// axis it indexes is cut to them in place, with the parameters' gradients and <paramref name="optimizer"/>'s state.
    /// Groups may share an axis (an LSTM's hidden neurons and gate rows both index the stacked rows): an axis holds the
    /// indices that every group indexing it keeps.
    /// </summary>
    /// <exception cref="ArgumentException">An index that is not live, or not ascending.</exception>
    public void Keep(string name, Tensor kept, IOptimizerStateSelect? optimizer = null)
    {
        var group = Group(name);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        kept = kept.to(ScalarType.Int64).cpu().reshape(-1);
        var live = Live(name);
        var (keptEntries, liveEntries) = (kept.data<long>().ToArray(), live.data<long>().ToHashSet());
        bool ascending = keptEntries.Zip(keptEntries.Skip(1)).All(p => p.First < p.Second);
        if (!ascending || !keptEntries.All(liveEntries.Contains))
            throw new ArgumentException($"{_owner.GetName()}.{name}: the kept entries must be live entries in ascending order");
        if (keptEntries.Length == liveEntries.Count) return;
        var before = group.Axes.Select(a => AxisLive(a.Tensor, a.Dim)).ToList();
        if (_live.TryGetValue(name, out var previous)) previous.Dispose();
        _live[name] = kept.DetachFromDisposeScope();
        foreach (var stale in _derived.Values) stale.Dispose();
        _derived.Clear();
        foreach (var (axis, old) in group.Axes.Zip(before))
        {
            var index = searchsorted(old, AxisLive(axis.Tensor, axis.Dim));
            foreach (var parameter in ParametersOf(axis.Tensor)) Select(parameter, axis.Dim, index.to(parameter.device), optimizer);
        }
    }

    /// <summary>
    /// <paramref name="value"/>, a compacted value of the layer's tensor <paramref name="tensorName"/>, in original
    /// coordinates: zeros at the cut entries of every group that indexes it. A new tensor.
    /// </summary>
    public Tensor Expand(string tensorName, Tensor value)
    {
        using var scope = NewDisposeScope();
        var result = value.clone();
        foreach (var dim in CompactedAxes(tensorName))
        {
            var shape = result.shape.ToArray();
            shape[dim] = AxisSize(tensorName, dim);
            var index = AxisLive(tensorName, dim).to(value.device);
            result = zeros(shape, dtype: value.dtype, device: value.device).index_copy_(dim, index, result);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Where the live indices of an axis sit among the indices it would hold if the group <paramref name="except"/> had
    /// not been cut; null while that group is uncut. A layer uses it to put a cut group's entries back as zeros
    /// (an LSTM's constant gate rows) before a kernel that needs them. Cached until the next <see cref="Keep"/>; the
    /// caller must not dispose it.
    /// </summary>
    public Tensor? AxisPositionsWithout(string tensorName, long dim, string except)
    {
        if (!_live.ContainsKey(except)) return null;
        return Derived($"without {tensorName} {dim} {except}", () => searchsorted(AxisLive(tensorName, dim, except), AxisLive(tensorName, dim)));
    }

    /// <summary>The derived tensor under <paramref name="key"/>, made by <paramref name="make"/> the first time after a cut.</summary>
    private Tensor Derived(string key, Func<Tensor> make)
    {
        if (!_derived.TryGetValue(key, out var value))
        {
            using var scope = NewDisposeScope();
            _derived[key] = value = make().DetachFromDisposeScope();
        }
        return value;
    }

    /// <summary>How many entries the axis has without any cut.</summary>
    public long AxisSize(string tensorName, long dim)
    {
        var groups = GroupsOn(tensorName, dim).ToList();
        if (groups.Count == 0) throw new ArgumentException($"{_owner.GetName()}: no group indexes {tensorName} axis {dim}");
        var (group, axis) = groups[0];
        return group.Size * axis.Blocks;
    }

    /// <summary>The original indices an axis holds: those that every group indexing it keeps (ignoring <paramref name="except"/>), ascending.</summary>
    private Tensor AxisLive(string tensorName, long dim, string? except = null)
    {
        using var scope = NewDisposeScope();
        long size = AxisSize(tensorName, dim);
        var keep = ones(size, dtype: ScalarType.Bool);
        foreach (var (group, axis) in GroupsOn(tensorName, dim))
        {
            if (group.Name == except || !_live.TryGetValue(group.Name, out var live)) continue;
            if (group.Size * axis.Blocks != size) throw new InvalidOperationException($"{_owner.GetName()}: groups disagree on the size of {tensorName} axis {dim}");
            var groupKeep = live.bincount(null, group.Size).gt(NN.Functional.Scalars.Zero);
            keep &= groupKeep.repeat(axis.Blocks);
        }
        return keep.nonzero().reshape(-1).MoveToOuterDisposeScope();
    }

    /// <summary>0, 1, ..., <paramref name="count"/> - 1 as int64.</summary>
    private static Tensor Range(long count, Device device) =>
        tensor(Enumerable.Range(0, checked((int)count)).Select(i => (long)i).ToArray(), dtype: ScalarType.Int64, device: device);

    private IEnumerable<(StructureGroup Group, GroupAxis Axis)> GroupsOn(string tensorName, long dim) =>
        _groups.SelectMany(g => g.Axes.Where(a => a.Tensor == tensorName && a.Dim == dim).Select(a => (g, a)));

    private IEnumerable<long> CompactedAxes(string tensorName) =>
        _groups.Where(g => _live.ContainsKey(g.Name)).SelectMany(g => g.Axes).Where(a => a.Tensor == tensorName).Select(a => a.Dim).Distinct();

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
