using static TorchSharp.torch;

namespace BayesSparse.Structure;

/// <summary>
/// The groups of a whole model, keyed <c>layer.group</c> by module names (<c>lstm.hidden</c>): which entries are
/// live, and cutting them with the groups tied to them (<see cref="IStructuredModel.TiedGroups"/>).
/// </summary>
public static class ModelStructure
{
    /// <summary>Every <see cref="IStructuredLayer"/> of <paramref name="model"/> with its module name.</summary>
    public static IEnumerable<(string Name, IStructuredLayer Layer)> Layers(nn.Module model) =>
        model.named_modules().Where(m => m.module is IStructuredLayer).Select(m => (m.name, (IStructuredLayer)m.module));

    /// <summary>The live entries (original indices) of every group that has been cut; empty for an uncut model.</summary>
    public static Dictionary<string, long[]> Live(nn.Module model)
    {
        var live = new Dictionary<string, long[]>();
        foreach (var (name, layer) in Layers(model))
            foreach (var group in layer.Structure.Groups.Where(g => layer.Structure.IsCompacted(g.Name)))
            {
                using var entries = layer.Structure.Live(group.Name);
                live[Key(name, group.Name)] = entries.data<long>().ToArray();
            }
        return live;
    }

    /// <summary>The live entries (original indices) of the group <paramref name="key"/>: all of them until it is first cut.</summary>
    public static long[] LiveEntries(nn.Module model, string key)
    {
        var (layer, group) = Find(model, key);
        using var entries = layer.Structure.Live(group);
        return entries.data<long>().ToArray();
    }

    /// <summary>The entries of each group as <see cref="Live"/> recorded them (tied groups are recorded and restored each on its own).</summary>
    public static void Restore(nn.Module model, IReadOnlyDictionary<string, long[]>? live, IOptimizerStateSelect? optimizer = null)
    {
        foreach (var (key, entries) in live ?? new Dictionary<string, long[]>())
        {
            using var kept = tensor(entries, dtype: ScalarType.Int64);
            Find(model, key).Layer.Structure.Keep(Find(model, key).Group, kept, optimizer);
        }
    }

    /// <summary>Keeps only <paramref name="kept"/> (original indices, ascending) of the group <paramref name="key"/> and of every group it leads.</summary>
    public static void Keep(nn.Module model, string key, Tensor kept, IOptimizerStateSelect? optimizer = null)
    {
        var followers = model is IStructuredModel structured ? structured.TiedGroups.Where(t => t.Leader == key).Select(t => t.Follower) : [];
        foreach (var target in followers.Prepend(key))
        {
            var (layer, group) = Find(model, target);
            layer.Structure.Keep(group, kept, optimizer);
        }
    }

    /// <summary>The key of a group of the layer named <paramref name="layer"/>.</summary>
    public static string Key(string layer, string group) => layer.Length == 0 ? group : $"{layer}.{group}";

    private static (IStructuredLayer Layer, string Group) Find(nn.Module model, string key)
    {
        int dot = key.LastIndexOf('.');
        string layerName = dot < 0 ? "" : key[..dot], group = key[(dot + 1)..];
        var layer = Layers(model).FirstOrDefault(l => l.Name == layerName).Layer
            ?? throw new ArgumentException($"the model has no structured layer '{layerName}' (group key '{key}')");
        return (layer, group);
    }
}
