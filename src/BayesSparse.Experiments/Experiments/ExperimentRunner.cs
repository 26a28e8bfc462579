using System.Diagnostics;
using System.Text.Json;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.Pruning;
using BayesSparse.Reporting;
using BayesSparse.Structure;
using BayesSparse.Training;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>
/// Trains one (task, model) run from its config, with a checkpoint and an <c>epochs.csv</c> row after every
/// epoch, and writes <c>metrics.json</c>, <c>config.json</c> and <c>environment.json</c> at the end. The loop
/// only calls <see cref="TrainStep"/> and the callbacks (<see cref="IRunCallback"/>), which do the rest. Each epoch reseeds torch and the data order
/// from (seed, epoch), so a resumed run ends at the same numbers as an uninterrupted one.
/// </summary>
public sealed class ExperimentRunner
{
    private readonly ExperimentConfig _config;
    private readonly ModelKind _kind;
    private readonly DataDirectory _data;
    private readonly string _outDir;
    private readonly Device _device;

    /// <summary>Prepares a run; nothing is read or written yet.</summary>
    public ExperimentRunner(ExperimentConfig config, ModelKind kind, DataDirectory data, string outDir, Device device)
    {
        (_config, _kind, _data, _outDir, _device) = (config, kind, data, outDir, device);
    }

    /// <summary>The run folder's checkpoint.</summary>
    public string CheckpointFolder => Checkpointing.FolderIn(_outDir);

    /// <summary>The run's final metrics file.</summary>
    public string MetricsPath => Path.Combine(_outDir, "metrics.json");

    /// <summary>Builds the task (data and model) for a config.</summary>
    public static IExperimentTask CreateTask(ExperimentConfig config, ModelKind kind, DataDirectory data, Device device) =>
        config.IsClassification ? new ClassificationExperiment(config, kind, data, device) : new LanguageModelExperiment(config, kind, data, device);

    /// <summary>Runs (or, with <paramref name="resume"/>, continues) the training; returns the final metrics.</summary>
    /// <param name="resume">Continue from the checkpoint in the run folder.</param>
    /// <param name="callback">More callbacks (progress), after the run's own, or null.</param>
    /// <param name="cancellation">Stops after the current batch; the last completed epoch stays checkpointed.</param>
    /// <param name="epochsOverride">Train this many epochs instead of the config's.</param>
    public RunMetrics? Run(bool resume, IRunCallback? callback = null, CancellationToken cancellation = default, int? epochsOverride = null)
    {
        int epochs = epochsOverride ?? _config.Training.Epochs;
        if (File.Exists(_outDir)) throw new DataException(_outDir, "is a file, not a run folder", "Choose another --out");
        var state = ReadState(resume);
        // A finished run resumed for no more epochs: its metrics stand; nothing is trained, evaluated or rewritten.
        if (state.Epoch > 0 && (state.Epoch >= epochs || state.Stopped) && File.Exists(MetricsPath)) return RunMetrics.Load(MetricsPath);
        manual_seed(_config.Seed);
        using var task = CreateTask(_config, _kind, _data, _device);
        var model = task.Model.Module;
        if (model is IStructuredModel structured)
        {
            var groups = structured.EvalKeptGroups().Keys.ToList();
            var byGroupKeys = new[]
            {
                ("compact_after_by_group", _config.Training.CompactAfterByGroup), ("compact_window_by_group", _config.Training.CompactWindowByGroup),
            };
            foreach (var (key, byGroup) in byGroupKeys)
                if (byGroup?.Keys.Except(groups).FirstOrDefault() is { } unknown)
                    throw new ArgumentException($"training.{key} names '{unknown}'; this model's groups are {string.Join(", ", groups)}");
        }
        // A compacted checkpoint's shapes: cut the new model to them before the optimiser and the checkpoint see it.
        if (state.Epoch > 0) ModelStructure.Restore(model, state.Live);
        using var optimizer = new Training.Adam(model.parameters(), _config.Training.LearningRate);
        // Masks (and Narang's q) are buffers of the model, so they are created before a checkpoint is loaded.
        var pruner = PrunerFactory.Create(_kind, model, _config.Pruning, (long)epochs * task.BatchesPerEpoch(_config.Data.MaxBatchesPerEpoch));
        if (state.Epoch > 0) Checkpoint.Load(CheckpointFolder, model, optimizer);
        else state = state with { Start = WarmStart.Apply(_config.Start, _config, task), StartSection = _config.Start };
        Directory.CreateDirectory(_outDir);
        using var runLock = RunLock.Acquire(_outDir);
        // A run extended by more epochs is unfinished until Finish writes its new metrics: the old metrics.json would
        // describe a model that is about to change (Table 1, reproduce and warm starts read it as finished).
        if (state.Epoch < epochs && !state.Stopped) File.Delete(MetricsPath);
        // The config this invocation trains under, with the epochs it trains to (--epochs included), as a later --config can reuse it.
        var recorded = _config with { Start = state.StartSection, Training = _config.Training with { Epochs = epochs } };
        AtomicFile.WriteAllText(Path.Combine(_outDir, "config.json"), JsonSerializer.Serialize(recorded, ExperimentConfig.Json));
        task.Vocabulary.Save(TrainedRun.VocabularyPathIn(_outDir));
        var logPath = EpochCsvLog.PathIn(_outDir);
        var run = new RunContext(_config, _kind, task, optimizer, _outDir)
        {
            State = state,
            Log = state.Epoch > 0 && File.Exists(logPath) ? [.. CsvFiles.Read<EpochLogRow>(logPath).Take(state.Epoch)] : [],
        };
        var elbo = _kind.IsBayesian() ? new ElboLoss(task.TrainSize, _config.Training.KlWarmupSteps) : null; // KL warm-up by step
        var callbacks = Callbacks(pruner, elbo, callback);
        double previousSeconds = run.Log.Sum(r => r.Seconds);
        var clock = Stopwatch.StartNew();
        foreach (var c in callbacks) c.OnStart(run);

        for (int epoch = run.State.Epoch + 1; epoch <= epochs && !run.State.Stopped; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var cpuAtStart = Environment.CpuUsage.TotalTime;
            manual_seed(_config.Seed * 1_000_003 + epoch);
            var random = new Random(unchecked((int)(_config.Seed * 7919 + epoch)));
            foreach (var c in callbacks) c.OnEpochBegin(run, epoch, task.BatchesPerEpoch(_config.Data.MaxBatchesPerEpoch));
            model.train();
            double lossSum = 0;
            int batches = 0;
            StepResult? last = null;
            foreach (var batch in task.TrainBatches(random, _config.Data.MaxBatchesPerEpoch))
            {
                if (cancellation.IsCancellationRequested) return null; // last completed epoch stays checkpointed
                last = Step(model, batch, optimizer, elbo, run.State, epoch);
                run.State = run.State with { Step = run.State.Step + 1 };
                lossSum += last.Loss;
                batches++;
                foreach (var c in callbacks) c.OnBatchEnd(run, batches, last);
            }
            double valid = task.Evaluate("valid");
            double? test = _config.Training.TestEvery is { } every && epoch % every == 0 ? task.Evaluate("test") : null;
            var report = task.Model.Report();
            run.State = run.State with { Epoch = epoch };
            var memory = BayesSparse.Platform.ProcessMemory.Read();
            var row = new EpochLogRow(epoch, lossSum / Math.Max(1, batches), last?.Kl ?? 0, valid, report.Compression,
                $"{report.InputNeurons?.Kept}-{report.HiddenNeurons?.Kept}", report.Gates?.Kept ?? 0, epochClock.Elapsed.TotalSeconds,
                memory.ResidentMb, model.parameters().Sum(p => p.numel()), report.Vocabulary?.Kept, memory.Heap?.InUseMb, test,
                (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds);
            foreach (var c in callbacks) c.OnEpochEnd(run, row);
        }
        foreach (var c in callbacks) c.OnTrainEnd(run);
        return Finish(run, previousSeconds + clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The run's callbacks in order: the best epoch, early stopping (the Original: it reports its best validation
    /// epoch; SparseVD and pruned models their last), the pruning schedule, the KL weight schedule, the compaction
    /// (<c>training.compact_after</c>, after the epoch was evaluated and counted), a kill for resume tests
    /// (<see cref="FaultInjection"/>, only when its environment variable is set), the epoch log, the checkpoint
    /// (after the log and the state changes above it), TensorBoard, then <paramref name="extra"/>.
    /// </summary>
    private List<IRunCallback> Callbacks(GradualPruner? pruner, ElboLoss? elbo, IRunCallback? extra)
    {
        var training = _config.Training;
        var callbacks = new List<IRunCallback> { new BestEpochTracker() };
        if (_kind == ModelKind.Original) callbacks.Add(new EarlyStopping(training.Patience));
        if (pruner is not null) callbacks.Add(new PruningSchedule(pruner));
        if (elbo is not null && training.KlWeights is { Length: > 0 } weights) callbacks.Add(new KlWeightSchedule(elbo, weights));
        if (_kind.IsBayesian() && training.CompactAfter is { } k)
            callbacks.Add(new Compaction(k, training.CompactAfterByGroup, training.CompactFromEpoch ?? 1, training.CompactWindowByGroup));
        if (FaultInjection.FromEnvironment() is { } fault) callbacks.Add(fault);
        callbacks.AddRange([new EpochCsvLog(), new Checkpointing(), new TensorBoardLog(Path.Combine(_outDir, "tensorboard"))]);
        if (extra is not null) callbacks.Add(extra);
        return callbacks;
    }

    /// <summary>A new run's state, or the checkpoint's when resuming one of this task and model.</summary>
    private RunState ReadState(bool resume)
    {
        if (resume && Checkpoint.Recover(CheckpointFolder))
        {
            var state = Checkpoint.ReadState(CheckpointFolder);
            if (state.Task != _config.Task || state.Model != _kind.Name())
                throw new DataException(CheckpointFolder, $"holds a run of {state.Task}/{state.Model}, not {_config.Task}/{_kind.Name()}",
                    "Resume with the matching --task and --model, or choose another --out");
            RefuseAnotherCompactionRule(state.Epoch);
            return state;
        }
        if (!resume && Directory.Exists(CheckpointFolder))
            throw new DataException(CheckpointFolder, "already holds a run", "Pass --resume to continue it, or choose another --out");
        return new RunState(_config.Task, _kind.Name(), _config.Seed, 0, 0, double.NaN, 0, false);
    }

    /// <summary>
    /// A run continues under the compaction rule it began with: a rule that changes on resume (a profile whose default
    /// changed, a forgotten <c>--no-compaction</c>) would cut a run that was compared uncut, or the reverse. The one
    /// change allowed is turning compaction on in a run that began without it, from an epoch it has not trained yet
    /// (<c>training.compact_from_epoch</c> after <paramref name="checkpointEpoch"/>): its epochs so far stay uncut.
    /// </summary>
    private void RefuseAnotherCompactionRule(int checkpointEpoch)
    {
        var path = Path.Combine(_outDir, "config.json");
        if (!_kind.IsBayesian() || !File.Exists(path)) return;
        string began = ExperimentConfig.Load(path).Training.CompactionRule(), asked = _config.Training.CompactionRule();
        if (began == asked || (began == "off" && _config.Training.CompactFromEpoch > checkpointEpoch)) return;
        throw new DataException(path, $"began with compaction {began}; this command asks for compaction {asked}",
            began == "off"
                ? $"Resume it with --no-compaction, or turn compaction on with --compact-from-epoch {checkpointEpoch + 1}, or choose another --out"
                : "Resume it with the config it began with, or choose another --out");
    }

    /// <summary>One optimiser step; a divergence names the run, epoch and step and what is kept.</summary>
    private StepResult Step(nn.Module model, Func<Tensor> batch, Training.Adam optimizer, ElboLoss? elbo, RunState state, int epoch)
    {
        try
        {
            return TrainStep.Run(model, batch, optimizer, elbo, state.Step, _config.Training.Clip);
        }
        catch (TrainingDivergedException e)
        {
            var kept = state.Epoch > 0 ? $"the last good checkpoint (epoch {state.Epoch}) is kept" : "no epoch had finished, so there is no checkpoint";
            throw new TrainingDivergedException($"{_outDir}: training diverged at epoch {epoch}, step {state.Step + 1} ({e.Message}); " +
                $"{kept}. Lower training.learning_rate or set training.clip, then --resume");
        }
    }

    /// <summary>Final evaluation: <c>metrics.json</c>, the gate figure and <c>environment.json</c>.</summary>
    private RunMetrics Finish(RunContext run, double seconds)
    {
        var (task, model) = (run.Task, run.Model);
        var final = model.Report();
        // The last epoch's row measured this very model: its validation (and, at a test_every epoch, test) quality is not read again.
        var last = run.Log.LastOrDefault(r => r.Epoch == run.State.Epoch);
        var metrics = new RunMetrics(_config.Task, _kind.Name(), _config.Profile, task.QualityName, last?.ValidQuality ?? task.Evaluate("valid"),
            last?.TestQuality ?? task.Evaluate("test"), final.Compression, final.Vocabulary?.Kept, final.InputNeurons?.Kept ?? 0,
            final.HiddenNeurons?.Kept ?? 0, final.Gates?.Kept ?? 0, run.State.Epoch, seconds,
            task.ProtocolNote, run.State.Start ?? RunStart.Cold);
        AtomicFile.WriteAllText(MetricsPath, JsonSerializer.Serialize(metrics, ExperimentConfig.Json));
        GateFigure.Save(model, $"{_config.Task} {_kind.Name()}", Path.Combine(_outDir, "gates.png"));
        AtomicFile.WriteAllText(Path.Combine(_outDir, "environment.json"),
            JsonSerializer.Serialize(RunEnvironment.Capture(_device.ToString(), model.RecurrentBackend), ExperimentConfig.Json));
        return metrics;
    }
}
