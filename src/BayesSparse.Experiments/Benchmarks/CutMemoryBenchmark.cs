using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.Platform;
using BayesSparse.Structure;
using BayesSparse.Training;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Whether memory follows the live model: a new model of a task trains some real batches, then a group is cut by a
/// fixed number of entries (the first live ones, as <see cref="Experiments.Callbacks.Compaction"/> cuts: with the
/// optimiser's state, then the heap trimmed), again and again. After every round and every cut it reads the resident
/// size and the C heap (<see cref="HeapStatistics"/>): memory still referenced shows as heap in use, a fragmented heap
/// as heap kept free.
/// </summary>
public static class CutMemoryBenchmark
{
    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="batches"/> training batches, each followed by a cut of <paramref name="cut"/> entries.</summary>
    /// <param name="config">The task's config (data and model sections).</param>
    /// <param name="kind">The model kind (one whose layers declare <paramref name="group"/>).</param>
    /// <param name="data">The data folder.</param>
    /// <param name="group">The group key, such as <c>lstm.hidden</c>.</param>
    /// <param name="cut">Entries cut per round (at least 1).</param>
    /// <param name="rounds">Rounds (at least 1); the group must keep an entry after the last cut.</param>
    /// <param name="batches">Training batches per round (at least 1).</param>
    /// <param name="device">Where to run.</param>
    public static IReadOnlyList<CutMemoryRow> Run(ExperimentConfig config, ModelKind kind, DataDirectory data, string group, int cut, int rounds,
        int batches, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cut, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        manual_seed(config.Seed);
        using var task = ExperimentRunner.CreateTask(config, kind, data, device);
        var model = task.Model.Module;
        long size = GroupSize(model, group) ?? throw new ArgumentException($"a {config.Task} {kind.Name()} model has no group '{group}'");
        if ((long)cut * rounds >= size) throw new ArgumentException($"{rounds} cuts of {cut} would leave none of the {size} entries of {group}");
        using var optimizer = new Training.Adam(model.parameters(), config.Training.LearningRate);
        var elbo = kind.IsBayesian() ? new ElboLoss(task.TrainSize) : null;
        var random = new Random(unchecked((int)config.Seed));
        var rows = new List<CutMemoryRow>();
        int step = 0;
        for (int round = 1; round <= rounds; round++)
        {
            model.train();
            foreach (var batch in task.TrainBatches(random, batches)) TrainStep.Run(model, batch, optimizer, elbo, step++, config.Training.Clip);
            rows.Add(Reading(config, kind, group, round, "trained", model));
            using (var kept = tensor(ModelStructure.LiveEntries(model, group)[cut..], dtype: ScalarType.Int64)) ModelStructure.Keep(model, group, kept, optimizer);
            MallocTuning.Trim();
            rows.Add(Reading(config, kind, group, round, "cut", model));
        }
        return rows;
    }

    /// <summary>How many entries the group has, or null when the model does not declare it.</summary>
    private static long? GroupSize(nn.Module model, string group)
    {
        if (model is not IStructuredModel structured) return null;
        using var scope = NewDisposeScope();
        return structured.EvalKeptGroups().TryGetValue(group, out var used) ? used.shape[0] : null;
    }

    /// <summary>The memory now (<see cref="ProcessMemory"/>: after collecting the garbage).</summary>
    private static CutMemoryRow Reading(ExperimentConfig config, ModelKind kind, string group, int round, string stage, nn.Module model)
    {
        var memory = ProcessMemory.Read();
        return new CutMemoryRow(config.Task, kind.Name(), group, round, stage, ModelStructure.LiveEntries(model, group).Length, model.parameters().Sum(p => p.numel()),
            memory.ResidentMb, memory.Heap?.InUseMb, memory.Heap?.FreeMb);
    }
}
