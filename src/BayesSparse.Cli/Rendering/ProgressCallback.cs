using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Training;
using Spectre.Console;

namespace BayesSparse.Cli.Rendering;

/// <summary>Draws a run's progress: one Spectre.Console bar per epoch (ETA, loss) and a line per finished epoch.</summary>
public sealed class ProgressCallback(ProgressContext context, string title) : IRunCallback
{
    private ProgressTask? _bar;
    private int _epoch;

    /// <inheritdoc />
    public void OnStart(RunContext run)
    {
        if (run.State.Epoch > 0) return; // resumed: the start was printed when it was made
        var start = run.State.Start ?? RunStart.Cold;
        AnsiConsole.MarkupLine(Markup.Escape(start.Embeddings is null
            ? $"Start: {start.Describe()}"
            : $"Start: {start.Describe()}; {start.EmbeddingsMatched} vocabulary words matched a vector"));
    }

    /// <inheritdoc />
    public void OnEpochBegin(RunContext run, int epoch, int batches)
    {
        _epoch = epoch;
        _bar = context.AddTask($"{Markup.Escape(title)} epoch {epoch}", maxValue: Math.Max(1, batches));
    }

    /// <inheritdoc />
    public void OnBatchEnd(RunContext run, int batch, StepResult result)
    {
        if (_bar is null) return;
        _bar.Value = batch;
        _bar.Description = $"{Markup.Escape(title)} epoch {_epoch} loss {result.Loss.ToString("F3", CultureInfo.InvariantCulture)}";
    }

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row) => AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
        $"  epoch {row.Epoch}: loss {row.TrainLoss:F4}, valid {row.ValidQuality:F3}, compression {row.Compression:F1}x, neurons {row.Neurons}, gates {row.Gates}, {row.Seconds:F0} s"));
}
