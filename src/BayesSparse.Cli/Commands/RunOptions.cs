using System.Runtime.InteropServices;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Platform;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary>Parsing shared by <c>train</c> and <c>reproduce</c>: models, configs, data folder and device.</summary>
public static class RunOptions
{
    /// <summary>
    /// The config of a run: <paramref name="configFile"/> if given, else the shipped one; seed overridden if given;
    /// compaction off with <paramref name="noCompaction"/>, or on only from epoch <paramref name="compactFromEpoch"/>.
    /// </summary>
    public static ExperimentConfig Config(string task, string profile, string? configFile, long? seed, bool agNewsStandIn = false,
        bool noCompaction = false, int? compactFromEpoch = null)
    {
        var config = ExperimentConfig.Load(configFile ?? ConfigLocator.Find(task, profile));
        if (config.Task != task) throw new ArgumentException($"config {configFile} is for task '{config.Task}', not '{task}'");
        if (agNewsStandIn) config = config with { Data = config.Data with { AgNewsStandIn = true } };
        if (noCompaction) config = config with { Training = config.Training.WithoutCompaction() };
        if (compactFromEpoch is { } from)
        {
            if (noCompaction) throw new ArgumentException("--compact-from-epoch and --no-compaction contradict each other");
            if (config.Training.CompactAfter is null)
                throw new ArgumentException($"--compact-from-epoch: the {profile} config of {task} has no compaction rule (training.compact_after)");
            config = (config with { Training = config.Training with { CompactFromEpoch = from } }).Validate();
        }
        return seed is { } s ? config with { Seed = s } : config;
    }

    /// <summary>
    /// The data folder; when none exists and <paramref name="allowSlices"/>, the repository's slices (the
    /// caller then switches to the smoke profile and says so).
    /// </summary>
    public static (DataDirectory Data, bool Slices) Data(string? option, bool allowSlices)
    {
        var data = DataDirectory.Resolve(option);
        if (data.Exists) return (data, false);
        if (allowSlices && option is null && DataDirectory.FindSlices(Directory.GetCurrentDirectory()) is { } slices)
        {
            AnsiConsole.MarkupLine($"[yellow]No data folder ({Markup.Escape(data.Path)}); using the repository's slices with the smoke profile (numbers that mean nothing).[/]");
            AnsiConsole.MarkupLine($"[yellow]Get the data with '{DataCommand.DownloadCommandLine}', then pass --data-dir data.[/]");
            return (slices, true);
        }
        throw new DataException(data.Path, $"does not exist (chosen by {data.Source})",
            $"Pass --data-dir, set BAYESSPARSE_DATA, or fill it with '{DataCommand.DownloadCommandLine}'");
    }

    /// <summary>Sets the torch device from <c>--device</c>.</summary>
    public static TorchSharp.torch.Device Device(string name) => DeviceSelector.Resolve(name);

    /// <summary>
    /// A token that Ctrl-C, SIGTERM and (on Linux) SIGUSR1 cancel: the run then stops after its current batch with its
    /// last completed epoch checkpointed, and the command exits with code 130. A second signal changes nothing.
    /// </summary>
    public static CancellationToken CancelOnStopSignals()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        // A scheduler's stop signals mean the same: SIGTERM (pre-emption, a requeue, the time limit) and SIGUSR1
        // (Slurm's --signal warning before the limit). The registrations live as long as the process.
        if (!OperatingSystem.IsWindows())
            foreach (var signal in OperatingSystem.IsLinux() ? [PosixSignal.SIGTERM, SigUsr1Linux] : new[] { PosixSignal.SIGTERM })
                StopSignals.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    source.Cancel();
                }));
        return source.Token;
    }

    /// <summary>SIGUSR1's number on Linux (PosixSignal names only the portable signals).</summary>
    private const PosixSignal SigUsr1Linux = (PosixSignal)10;

    private static readonly List<PosixSignalRegistration> StopSignals = [];

    /// <summary>Runs one (task, model) with a progress display; returns its metrics or null when interrupted.</summary>
    public static RunMetrics? RunOne(ExperimentConfig config, ModelKind kind, DataDirectory data, string outDir,
        TorchSharp.torch.Device device, bool resume, int? epochs, CancellationToken cancellation)
    {
        var runner = new ExperimentRunner(config, kind, data, outDir, device);
        RunMetrics? metrics = null;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => metrics = runner.Run(resume, new Rendering.ProgressCallback(context, $"{config.Task}/{kind.Name()}"), cancellation, epochs));
        if (metrics is null)
            AnsiConsole.MarkupLine($"[yellow]Interrupted: the last completed epoch is checkpointed in {Markup.Escape(runner.CheckpointFolder)}; continue with --resume.[/]");
        else if (metrics.Note is { } note)
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
        return metrics;
    }
}
