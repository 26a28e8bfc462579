using System.Diagnostics;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Training;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Times forward + backward + Adam on the paper's shapes for Original, W, W+N and W+G+N in both noise modes,
/// after warm-up, the variants' steps interleaved; reports median and minimum and the ratio to the Original
/// measured in the same run.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>Runs the benchmark for one task.</summary>
    /// <param name="task">imdb, agnews, ptb-char or ptb-word.</param>
    /// <param name="steps">Timed steps per model (at least 1; 20 or more for a stable median).</param>
    /// <param name="warmup">Untimed steps first.</param>
    /// <param name="onRow">Called as each row is measured.</param>
    /// <param name="data">When set, every model trains on the task's first real training batch from this folder
    /// (<see cref="BenchmarkBatch.FirstOf"/>); uniform random tokens otherwise.</param>
    /// <param name="include">Which Bayesian variants to time, by model (w, wn, wgn) and mode (faithful, fast);
    /// all when null. The Original is always timed: the ratios are to it.</param>
    /// <param name="device">Where the models train (the CPU when null); on CUDA each timed step waits for the device
    /// before and after (<see cref="Platform.DeviceSelector.Synchronizer"/>).</param>
    public static IReadOnlyList<TrainStepTiming> Run(string task, int steps = 20, int warmup = 10, Action<TrainStepTiming>? onRow = null,
        Func<string, string, bool>? include = null, DataDirectory? data = null, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        device ??= CPU;
        var shapes = PaperShapes.For(task);
        using var loaded = data is null ? shapes.RandomBatch() : BenchmarkBatch.FirstOf(task, data, shapes.Batch, shapes.Steps);
        using var moved = device.type == DeviceType.CPU ? null : loaded.To(device);
        var batch = moved ?? loaded;
        var variants = new List<(ModelKind Kind, RecurrentNoise Noise, string Mode)> { (ModelKind.Original, RecurrentNoise.Fast, "fused") };
        foreach (var kind in new[] { ModelKind.W, ModelKind.WN, ModelKind.WGN })
            foreach (var noise in new[] { RecurrentNoise.Faithful, RecurrentNoise.Fast })
            {
                var mode = noise.ToString().ToLowerInvariant();
                if (include?.Invoke(kind.ToString().ToLowerInvariant(), mode) ?? true) variants.Add((kind, noise, mode));
            }
        var runs = new List<VariantRun>();
        try
        {
            foreach (var (kind, noise, mode) in variants)
            {
                manual_seed(0);
                runs.Add(new VariantRun(kind.ToString().ToLowerInvariant(), mode, shapes.Build(kind, noise, batch), device));
            }
            foreach (var run in runs)
                for (int i = 0; i < warmup; i++) run.Step();
            // Round-robin: every variant's i-th step runs next to the others', so a slow spell of the machine
            // lands on all of them alike and the ratios stay comparable.
            for (int i = 0; i < steps; i++)
                foreach (var run in runs) run.Timed();
            var rows = new List<TrainStepTiming>();
            double originalMedian = runs[0].Times.Median();
            foreach (var run in runs)
            {
                double median = run.Times.Median();
                var row = new TrainStepTiming(task, run.Model, run.Mode, median, run.Times.Min(), median / originalMedian,
                    run.LiveDelta, batch.Source, device.ToString());
                rows.Add(row);
                onRow?.Invoke(row);
            }
            return rows;
        }
        finally
        {
            foreach (var run in runs) run.Dispose();
        }
    }

    /// <summary>One variant's model, optimizer and timings.</summary>
    private sealed class VariantRun : IDisposable
    {
        private readonly BenchmarkTask _task;
        private readonly optim.Optimizer _optimizer;
        private readonly ElboLoss? _elbo;
        private readonly Action? _synchronize;
        private int _step;

        public VariantRun(string model, string mode, BenchmarkTask task, Device device)
        {
            (Model, Mode, _task) = (model, mode, task);
            task.Model.Module.to(device).train();
            _synchronize = Platform.DeviceSelector.Synchronizer(device);
            _optimizer = new Training.Adam(task.Model.Module.parameters(), 1e-3);
            _elbo = task.Model.Kind.IsBayesian() ? new ElboLoss(task.TrainSize) : null;
        }

        public string Model { get; }

        public string Mode { get; }

        public List<double> Times { get; } = [];

        /// <summary>Live tensors added over the timed steps (0 when memory stays flat).</summary>
        public long LiveDelta { get; private set; }

        public void Step() => TrainStep.Run(_task.Model.Module, _task.DataLoss, _optimizer, _elbo, _step++, _task.Clip);

        public void Timed()
        {
            long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            _synchronize?.Invoke();
            var clock = Stopwatch.StartNew();
            Step();
            _synchronize?.Invoke();
            Times.Add(clock.Elapsed.TotalMilliseconds);
            LiveDelta += DisposeScopeManager.Statistics.ThreadTotalLiveCount - liveBefore;
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _task.Dispose();
        }
    }
}
