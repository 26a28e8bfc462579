using System.Diagnostics;
using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent;
using BayesSparse.NN.Recurrent.Backends;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Benchmarks;

/// <summary>
/// Times one LSTM recurrence, forward and backward, on each backend that trains with z shared by the batch (fast
/// noise): libtorch's fused kernel and the per-step cell, at several hidden widths on random features, the
/// backends' repeats interleaved: the measurement behind <see cref="LstmBackends"/>' order (docs/results.md).
/// </summary>
public static class RecurrenceBenchmark
{
    /// <summary>Runs the benchmark; one row per backend and width.</summary>
    /// <param name="batch">Sequences per batch (IMDb: 128).</param>
    /// <param name="steps">Steps (IMDb: 200).</param>
    /// <param name="input">Input features (IMDb's embedding: 300).</param>
    /// <param name="hiddens">Hidden widths to time.</param>
    /// <param name="repeats">Timed repeats per backend and width (the median is reported).</param>
    /// <param name="warmup">Untimed repeats first.</param>
    /// <param name="onRow">Called as each row is measured.</param>
    public static IReadOnlyList<RecurrenceTiming> Run(int batch, int steps, int input, IReadOnlyList<int> hiddens, int repeats = 10,
        int warmup = 3, Action<RecurrenceTiming>? onRow = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var rows = new List<RecurrenceTiming>();
        foreach (int hidden in hiddens)
        {
            using var fused = new FusedLstm();
            ILstmBackend[] backends = [fused, PerStepLstm.Unrolled()];
            manual_seed(0);
            using Scalar inputScale = 1 / Math.Sqrt(input), hiddenScale = 1 / Math.Sqrt(hidden);
            using var features = randn(batch, steps, input);
            using var weightIh = randn(4 * hidden, input).mul_(inputScale).requires_grad_();
            using var weightHh = randn(4 * hidden, hidden).mul_(hiddenScale).requires_grad_();
            using var bias = zeros(4 * hidden).requires_grad_();
            using var state = zeros(batch, hidden);
            var run = new LstmRun(features, new RecurrentSample(weightIh, weightHh, null, null, null), bias, state, state,
                GateActivation.Sigmoid, Training: true);
            var times = backends.Select(_ => (Forward: new List<double>(), Backward: new List<double>())).ToArray();
            for (int r = 0; r < warmup + repeats; r++)
                for (int b = 0; b < backends.Length; b++)
                {
                    var (forward, backward) = Time(backends[b], run);
                    if (r < warmup) continue;
                    times[b].Forward.Add(forward);
                    times[b].Backward.Add(backward);
                }
            var totals = times.Select(t => t.Forward.Zip(t.Backward, (f, w) => f + w).Median()).ToArray();
            for (int b = 0; b < backends.Length; b++)
            {
                var row = new RecurrenceTiming(backends[b].Name, batch, steps, input, hidden, times[b].Forward.Median(),
                    times[b].Backward.Median(), totals[b], totals[b] / totals[0]);
                rows.Add(row);
                onRow?.Invoke(row);
            }
        }
        return rows;
    }

    /// <summary>One forward (loss: the sum of the outputs and the last state) and its backward, in milliseconds.</summary>
    private static (double Forward, double Backward) Time(ILstmBackend backend, LstmRun run)
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in new[] { run.Sample.WeightIh, run.Sample.WeightHh, run.Bias }) parameter.grad?.zero_();
        var clock = Stopwatch.StartNew();
        var (output, h, c) = backend.Run(run);
        var loss = output.sum().Plus(h.sum()).Plus(c.sum());
        double forward = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        loss.backward();
        return (forward, clock.Elapsed.TotalMilliseconds);
    }
}
