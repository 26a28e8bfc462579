using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Diagnostics;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Functional;
using BayesSparse.Structure;
using BayesSparse.Training;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Where a training epoch's time goes: real training batches of a task through <see cref="TrainStep"/> with a
/// <see cref="StepProfiler"/> listening (data, forward and its layers' parts, KL, backward, gradient norm, Adam), the
/// KL's value and gradient once more on their own, and one evaluation of the validation split; then an epoch's
/// estimate from those. A new model, or a run's reported weights (cut to its live structure when it was compacted,
/// and optionally further to the structure eval uses now: what an epoch would cost once compaction caught up).
/// </summary>
public static class EpochProfileBenchmark
{
    /// <summary>Profiles <paramref name="batches"/> batches after <paramref name="warmup"/> untimed ones.</summary>
    /// <param name="config">The run's config (its task, data and model sections).</param>
    /// <param name="kind">The model kind.</param>
    /// <param name="data">The data folder.</param>
    /// <param name="runFolder">A run folder whose checkpoint to profile, or null for a new model.</param>
    /// <param name="batches">Timed batches (at least 1).</param>
    /// <param name="warmup">Untimed batches first.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="cutUnused">Before profiling, cut every group entry eval does not use now (<see cref="StructureCompaction"/>
    /// with K = 1), so the tensors are the structure eval reports.</param>
    public static IReadOnlyList<EpochProfileRow> Run(ExperimentConfig config, ModelKind kind, DataDirectory data, string? runFolder,
        int batches, int warmup, Device device, bool cutUnused = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        manual_seed(config.Seed);
        using var task = ExperimentRunner.CreateTask(config, kind, data, device);
        var model = task.Model.Module;
        int epoch = 0;
        if (runFolder is not null)
        {
            var run = TrainedRun.Open(runFolder);
            run.LoadReportedWeights(model);   // cut to the run's live structure first
            epoch = run.State.Epoch;
        }
        if (cutUnused) new StructureCompaction(1).Step(model);
        using var optimizer = new Training.Adam(model.parameters(), config.Training.LearningRate);
        var elbo = kind.IsBayesian() ? new ElboLoss(task.TrainSize) : null;
        using var profiler = StepProfiler.Start(Platform.DeviceSelector.Synchronizer(device));
        model.train();
        int done = 0;
        using (var batch = task.TrainBatches(new Random(1), warmup + batches).GetEnumerator())
        {
            while (true)
            {
                if (done == warmup) profiler.Reset();
                bool more;
                using (StepProfiler.Record("data")) more = batch.MoveNext();
                if (!more) break;
                TrainStep.Run(model, batch.Current, optimizer, elbo, done, config.Training.Clip);
                if (elbo is not null) KlAlone(model, optimizer);
                done++;
            }
        }
        int timed = done - warmup;
        if (timed < 1) throw new ArgumentException($"the task has {done} training batches, fewer than --warmup + 1");
        // Evaluation runs the same layers: time it apart, so their sections hold the training batches only.
        var sections = profiler.Sections.ToDictionary(p => p.Key, p => p.Value);
        using (StepProfiler.Record("evaluate")) task.Evaluate("valid");
        sections["evaluate"] = profiler.Sections["evaluate"];
        return Rows(sections, timed, task.BatchesPerEpoch(config.Data.MaxBatchesPerEpoch),
            (config.Task, kind.Name(), runFolder ?? "new model", epoch, model.parameters().Sum(p => p.numel()), TensorGroups(model), device.ToString()));
    }

    /// <summary>The KL's value and gradient on their own, as the step computes them (not part of its timing).</summary>
    private static void KlAlone(nn.Module model, optim.Optimizer optimizer)
    {
        optimizer.zero_grad();
        using (StepProfiler.Record("kl alone"))
        {
            using var scope = NewDisposeScope();
            var kl = SparseVDModel.KlDivergence(model);
            using (FusedGradientAccumulation.Enable()) kl.backward();
        }
        optimizer.zero_grad();
    }

    /// <summary>Each group's entries in the tensors, <c>lstm.hidden 157 lstm.gates 309</c>.</summary>
    private static string TensorGroups(nn.Module model) => string.Join(' ', ModelStructure.Layers(model)
        .SelectMany(l => l.Layer.Structure.Groups.Select(g => $"{ModelStructure.Key(l.Name, g.Name)} {l.Layer.Structure.LiveSize(g.Name)}")));

    private static List<EpochProfileRow> Rows(IReadOnlyDictionary<string, (double Ms, long Calls)> sections, int batches, int batchesPerEpoch,
        (string Task, string Model, string Source, int Epoch, long Parameters, string Groups, string Device) run)
    {
        double PerBatch(string name) => sections.TryGetValue(name, out var s) ? s.Ms / batches : 0;
        double batchMs = PerBatch("data") + sections.Keys.Where(k => k.StartsWith("step.", StringComparison.Ordinal)).Sum(PerBatch);
        double evaluateMs = sections.TryGetValue("evaluate", out var e) ? e.Ms : 0;
        EpochProfileRow Row(string section, double ms, string per, double? share) =>
            new(run.Task, run.Model, run.Source, run.Epoch, run.Parameters, run.Groups, section, ms, per, share, run.Device);
        var rows = sections.Keys.Where(k => k != "evaluate").OrderBy(k => k, StringComparer.Ordinal)
            .Select(k => Row(k, PerBatch(k), "batch", k == "kl alone" ? null : PerBatch(k) / batchMs)).ToList();
        rows.Add(Row("evaluate", evaluateMs, "epoch", null));
        rows.Add(Row("epoch", batchMs * batchesPerEpoch + evaluateMs, "epoch", null));
        return rows;
    }
}
