using System.Diagnostics;
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
/// after warm-up; reports median and minimum and the ratio to the Original measured in the same run.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>Runs the benchmark for one task.</summary>
    /// <param name="task">imdb, agnews, ptb-char or ptb-word.</param>
    /// <param name="steps">Timed steps per model (at least 1; 20 or more for a stable median).</param>
    /// <param name="warmup">Untimed steps first.</param>
    /// <param name="onRow">Called as each row is measured.</param>
    /// <param name="include">Which Bayesian variants to time, by model (w, wn, wgn) and mode (faithful, fast);
    /// all when null. The Original is always timed: the ratios are to it.</param>
    public static IReadOnlyList<TrainStepTiming> Run(string task, int steps = 20, int warmup = 10, Action<TrainStepTiming>? onRow = null,
        Func<string, string, bool>? include = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var shapes = PaperShapes.For(task);
        var rows = new List<TrainStepTiming>();
        double originalMedian = double.NaN;
        var variants = new List<(ModelKind Kind, RecurrentNoise Noise, string Mode)> { (ModelKind.Original, RecurrentNoise.Fast, "fused") };
        foreach (var kind in new[] { ModelKind.W, ModelKind.WN, ModelKind.WGN })
            foreach (var noise in new[] { RecurrentNoise.Faithful, RecurrentNoise.Fast })
            {
                var mode = noise.ToString().ToLowerInvariant();
                if (include?.Invoke(kind.ToString().ToLowerInvariant(), mode) ?? true) variants.Add((kind, noise, mode));
            }

        foreach (var (kind, noise, mode) in variants)
        {
            manual_seed(0);
            using var synthetic = shapes.Build(kind, noise);
            var (median, min, delta) = Time(synthetic, steps, warmup);
            if (kind == ModelKind.Original) originalMedian = median;
            var row = new TrainStepTiming(task, kind.ToString().ToLowerInvariant(), mode, median, min, median / originalMedian, delta);
            rows.Add(row);
            onRow?.Invoke(row);
        }
        return rows;
    }

    private static (double Median, double Min, long LiveDelta) Time(SyntheticTask task, int steps, int warmup)
    {
        var model = task.Model;
        model.train();
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        var elbo = ((ISequenceModel)model).Kind.IsBayesian() ? new ElboLoss(task.TrainSize) : null;
        for (int i = 0; i < warmup; i++) TrainStep.Run(model, task.DataLoss, optimizer, elbo, i, task.Clip);
        long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var times = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            var clock = Stopwatch.StartNew();
            TrainStep.Run(model, task.DataLoss, optimizer, elbo, warmup + i, task.Clip);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        long liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        return (times.Median(), times.Min(), liveAfter - liveBefore);
    }
}
