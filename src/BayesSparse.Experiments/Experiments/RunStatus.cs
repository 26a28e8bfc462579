using BayesSparse.Configuration;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Reporting;
using MathNet.Numerics.Statistics;

namespace BayesSparse.Experiments;

/// <summary>Where a run folder stands: one row of <c>bayes-sparse status</c>.</summary>
/// <param name="Run">The run folder.</param>
/// <param name="Task">Task, from <c>config.json</c>.</param>
/// <param name="Model">Model kind, from the checkpoint or <c>metrics.json</c>; empty for a copied log alone.</param>
/// <param name="Epochs">Completed epochs: the checkpoint's (what <c>--resume</c> continues from), else the log's.</param>
/// <param name="TargetEpochs">The epochs it trains to (<c>config.json</c>'s <c>training.epochs</c>; runs written before
/// it recorded <c>--epochs</c> show their profile's).</param>
/// <param name="State"><see cref="Finished"/>, <see cref="Training"/>, <see cref="Stopped"/> or <see cref="LogOnly"/>.</param>
/// <param name="Valid">Validation quality at the last logged epoch, or null.</param>
/// <param name="Compression">Compression at the last logged epoch, or null.</param>
/// <param name="SecondsPerEpoch">Median seconds of the last ten logged epochs, or null.</param>
/// <param name="HoursLeft">The epochs still to train times <paramref name="SecondsPerEpoch"/>, for a run that is not finished; else null.</param>
public sealed record RunStatus(string Run, string Task, string Model, int Epochs, int TargetEpochs, string State,
    double? Valid, double? Compression, double? SecondsPerEpoch, double? HoursLeft)
{
    /// <summary><c>metrics.json</c> is written: the run ended.</summary>
    public const string Finished = "finished";

    /// <summary>Another process holds the run's lock.</summary>
    public const string Training = "training";

    /// <summary>A checkpoint and no process: <c>train --resume</c> continues it.</summary>
    public const string Stopped = "stopped";

    /// <summary>A log without a checkpoint (a copy, as the experiments commit while a run goes on).</summary>
    public const string LogOnly = "log only";

    /// <summary>
    /// Every run folder at or below <paramref name="folder"/>, in path order: one that holds <c>config.json</c> and
    /// <c>epochs.csv</c>, or <c>config.json</c> and the <c>.lock</c> of a run still in its first epoch.
    /// </summary>
    public static List<RunStatus> Find(string folder) =>
        [.. Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder)
            .Where(d => File.Exists(Path.Combine(d, "config.json")) && (File.Exists(EpochCsvLog.PathIn(d)) || File.Exists(RunLock.PathIn(d))))
            .Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>Reads one run folder without changing it (a checkpoint swap a kill interrupted is left for <c>--resume</c>).</summary>
    public static RunStatus Read(string folder)
    {
        var config = ExperimentConfig.Load(Path.Combine(folder, "config.json"));
        var log = File.Exists(EpochCsvLog.PathIn(folder)) ? CsvFiles.Read<EpochLogRow>(EpochCsvLog.PathIn(folder)) : [];
        var metricsPath = Path.Combine(folder, "metrics.json");
        var metrics = File.Exists(metricsPath) ? RunMetrics.Load(metricsPath) : null;
        var checkpoint = Checkpointing.FolderIn(folder);
        var state = Directory.Exists(checkpoint) ? Checkpoint.ReadState(checkpoint) : null;
        int epochs = state?.Epoch ?? metrics?.Epochs ?? log.LastOrDefault()?.Epoch ?? 0;
        string condition = metrics is not null ? Finished
            : RunLock.IsHeld(folder) ? Training
            : state is not null ? Stopped
            : LogOnly;
        var last = log.LastOrDefault(r => r.Epoch <= epochs);
        double? seconds = log.Count > 0 ? log.TakeLast(10).Select(r => r.Seconds).Median() : null;
        int target = Math.Max(config.Training.Epochs, epochs);
        double? hoursLeft = condition == Finished ? null : (target - epochs) * seconds / 3600;
        return new RunStatus(folder, config.Task, state?.Model ?? metrics?.Model ?? "", epochs, target, condition,
            last?.ValidQuality, last?.Compression, seconds, hoursLeft);
    }
}
