using static TorchSharp.torch;

namespace BayesSparse.Structure;

/// <summary>
/// Cuts out of a model's tensors the structure that eval mode already removes once it has stayed removed for
/// <see cref="Epochs"/> calls in a row: a group entry that <see cref="IStructuredModel.EvalKeptGroups"/> reports
/// unused at <see cref="Epochs"/> consecutive calls of <see cref="Step"/> is cut (with its gradients and optimiser
/// state), and from then on costs no compute. A group with a window W (<see cref="WindowByGroup"/>) cuts an entry
/// unused at K of its last W readings instead, so an entry that flickers back into use now and then is cut too. Call
/// it at epoch boundaries, after evaluating. Deterministic: its state is <see cref="RemovedFor"/>,
/// <see cref="UnusedReadings"/> and the model's <see cref="ModelStructure.Live"/>, which a checkpoint stores.
/// </summary>
public sealed class StructureCompaction
{
    /// <summary>The longest window: a reading per bit of a <see cref="ulong"/>.</summary>
    public const int MaxWindow = 64;

    private readonly Dictionary<string, Dictionary<long, int>> _removedFor;
    private readonly Dictionary<string, Dictionary<long, ulong>> _unusedReadings;

    /// <summary>A rule that cuts an entry after <paramref name="epochs"/> consecutive removed readings.</summary>
    /// <param name="epochs">K, at least 1.</param>
    /// <param name="removedFor">The counters of a resumed run (<see cref="RemovedFor"/>), or null.</param>
    /// <param name="epochsByGroup">Another K for some groups, by key (<c>lstm.input</c>): structure that flickers in
    /// and out of use needs a longer wait than structure that stays removed.</param>
    /// <param name="windowByGroup">A window W for some groups (at least their K, at most <see cref="MaxWindow"/>): cut an
    /// entry unused at K of the last W readings, not only K in a row.</param>
    /// <param name="unusedReadings">The window's readings of a resumed run (<see cref="UnusedReadings"/>), or null.</param>
    public StructureCompaction(int epochs, IReadOnlyDictionary<string, Dictionary<long, int>>? removedFor = null,
        IReadOnlyDictionary<string, int>? epochsByGroup = null, IReadOnlyDictionary<string, int>? windowByGroup = null,
        IReadOnlyDictionary<string, Dictionary<long, ulong>>? unusedReadings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        foreach (var k in epochsByGroup?.Values ?? []) ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Epochs = epochs;
        EpochsByGroup = epochsByGroup ?? new Dictionary<string, int>();
        WindowByGroup = windowByGroup ?? new Dictionary<string, int>();
        foreach (var (group, window) in WindowByGroup)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(window, EpochsByGroup.GetValueOrDefault(group, epochs), $"the window of {group}");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(window, MaxWindow, $"the window of {group}");
        }
        _removedFor = removedFor?.ToDictionary(p => p.Key, p => new Dictionary<long, int>(p.Value)) ?? [];
        _unusedReadings = unusedReadings?.ToDictionary(p => p.Key, p => new Dictionary<long, ulong>(p.Value)) ?? [];
    }

    /// <summary>K: consecutive removed readings before an entry is cut.</summary>
    public int Epochs { get; }

    /// <summary>The groups whose K is not <see cref="Epochs"/>.</summary>
    public IReadOnlyDictionary<string, int> EpochsByGroup { get; }

    /// <summary>The groups that count K unused readings within a window of W (by key), not K in a row.</summary>
    public IReadOnlyDictionary<string, int> WindowByGroup { get; }

    /// <summary>
    /// For each group with a window, the live entries unused at one or more of its last W readings: bit n set when the
    /// entry was unused n readings ago (bit 0 the latest).
    /// </summary>
    public IReadOnlyDictionary<string, Dictionary<long, ulong>> UnusedReadings => _unusedReadings;

    /// <summary>
    /// For each group, the live entries (original indices) that eval has not used at the last readings, with how many
    /// readings in a row; entries absent are in use (or already cut).
    /// </summary>
    public IReadOnlyDictionary<string, Dictionary<long, int>> RemovedFor => _removedFor;

    /// <summary>
    /// Reads which entries eval mode uses, updates <see cref="RemovedFor"/> (and <see cref="UnusedReadings"/>), and cuts
    /// every live entry removed K readings in a row (K of its group's last W, where it has a window). A group is never
    /// cut to nothing: when every live entry is due, none is cut. Returns what it read and did, per group.
    /// </summary>
    public IReadOnlyList<GroupCompaction> Step(nn.Module model, IOptimizerStateSelect? optimizer = null)
    {
        if (model is not IStructuredModel structured) throw new ArgumentException($"{model.GetName()} does not describe its structure (IStructuredModel)");
        using var scope = NewDisposeScope();
        var steps = new List<GroupCompaction>();
        foreach (var (key, used) in structured.EvalKeptGroups())
        {
            var usedNow = used.cpu().to(ScalarType.Bool).data<bool>().ToArray();
            var liveNow = ModelStructure.LiveEntries(model, key);
            var previous = _removedFor.GetValueOrDefault(key) ?? [];
            var cameBack = previous.Where(p => usedNow[p.Key]).GroupBy(p => p.Value).ToDictionary(g => g.Key, g => (long)g.Count());
            var counter = liveNow.Where(i => !usedNow[i]).ToDictionary(i => i, i => previous.GetValueOrDefault(i) + 1);
            var unusedFor = counter.Values.GroupBy(n => n).ToDictionary(g => g.Key, g => (long)g.Count());
            int k = EpochsByGroup.GetValueOrDefault(key, Epochs);
            var readings = WindowByGroup.TryGetValue(key, out int window) ? Readings(key, liveNow, usedNow, window) : null;
            bool Due(long i) => readings is null ? counter.GetValueOrDefault(i) >= k : readings.TryGetValue(i, out var bits) && ulong.PopCount(bits) >= (ulong)k;
            var keep = liveNow.Where(i => !Due(i)).ToArray();
            bool cut = keep.Length < liveNow.Length && keep.Length > 0;
            if (cut)
            {
                foreach (var i in liveNow.Except(keep))
                {
                    counter.Remove(i);
                    readings?.Remove(i);
                }
                ModelStructure.Keep(model, key, tensor(keep, dtype: ScalarType.Int64), optimizer);
            }
            _removedFor[key] = counter;
            if (readings is not null) _unusedReadings[key] = readings;
            steps.Add(new GroupCompaction(key, liveNow.Length, liveNow.Count(i => !usedNow[i]), cut ? liveNow.Length - keep.Length : 0, cameBack, unusedFor));
        }
        return steps;
    }

    /// <summary>A windowed group's readings with this one shifted in: the live entries unused at any of the last W.</summary>
    private Dictionary<long, ulong> Readings(string key, long[] liveNow, bool[] usedNow, int window)
    {
        ulong inWindow = window == MaxWindow ? ulong.MaxValue : (1UL << window) - 1;
        var before = _unusedReadings.GetValueOrDefault(key) ?? [];
        return liveNow.Select(i => (Entry: i, Bits: ((before.GetValueOrDefault(i) << 1) | (usedNow[i] ? 0UL : 1UL)) & inWindow))
            .Where(e => e.Bits != 0).ToDictionary(e => e.Entry, e => e.Bits);
    }
}
