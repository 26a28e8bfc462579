using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Training;
using Spectre.Console;

namespace BayesSparse.Cli.Rendering;

/// <summary>Draws a run's progress: one Spectre.Console bar per epoch (ETA, loss) and a line per finished epoch.</summary>
public sealed class ProgressObserver(ProgressContext context, string title) : IRunObserver
{
    private ProgressTask? _bar;

    /// <inheritdoc />
    public void OnStart(RunStart start) => AnsiConsole.MarkupLine(Markup.Escape(start.Embeddings is null
        ? $"Start: {start.Describe()}"
        : $"Start: {start.Describe()}; {start.EmbeddingsMatched} vocabulary words matched a vector"));

    /// <inheritdoc />
    public void OnEpochBegin(int epoch, int batches) =>
        _bar = context.AddTask($"{Markup.Escape(title)} epoch {epoch}", maxValue: Math.Max(1, batches));

    /// <inheritdoc />
    public void OnBatchEnd(int epoch, int batch, StepResult result)
    {
        if (_bar is null) return;
        _bar.Value = batch;
        _bar.Description = $"{Markup.Escape(title)} epoch {epoch} loss {result.Loss.ToString("F3", CultureInfo.InvariantCulture)}";
    }

    /// <inheritdoc />
    public void OnEpochEnd(EpochLogRow row) => AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
        $"  epoch {row.Epoch}: loss {row.TrainLoss:F4}, valid {row.ValidQuality:F3}, compression {row.Compression:F1}x, neurons {row.Neurons}, gates {row.Gates}, {row.Seconds:F0} s"));
}
