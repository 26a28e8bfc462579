using System.Diagnostics;
using System.Text.Json;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.Pruning;
using BayesSparse.Reporting;
using BayesSparse.Training;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>
/// Trains one (task, model) run from its config, with a checkpoint and an <c>epochs.csv</c> row after every
/// epoch, and writes <c>metrics.json</c>, <c>config.json</c> and <c>environment.json</c> at the end. The loop
/// only calls <see cref="TrainStep"/> and the observer's hooks. Each epoch reseeds torch and the data order
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
    public string CheckpointFolder => Path.Combine(_outDir, "checkpoint");

    /// <summary>The run's final metrics file.</summary>
    public string MetricsPath => Path.Combine(_outDir, "metrics.json");

    /// <summary>Builds the task (data and model) for a config.</summary>
    public static IExperimentTask CreateTask(ExperimentConfig config, ModelKind kind, DataDirectory data, Device device) =>
        config.IsClassification ? new ClassificationExperiment(config, kind, data, device) : new LanguageModelExperiment(config, kind, data, device);

    /// <summary>Runs (or, with <paramref name="resume"/>, continues) the training; returns the final metrics.</summary>
    /// <param name="resume">Continue from the checkpoint in the run folder.</param>
    /// <param name="observer">Progress hooks, or null.</param>
    /// <param name="cancellation">Stops after the current batch; the last completed epoch stays checkpointed.</param>
    /// <param name="epochsOverride">Train this many epochs instead of the config's.</param>
    public RunMetrics? Run(bool resume, IRunObserver? observer = null, CancellationToken cancellation = default, int? epochsOverride = null)
    {
        int epochs = epochsOverride ?? _config.Training.Epochs;
        var state = new RunState(_config.Task, _kind.Name(), _config.Seed, 0, 0, double.NaN, 0, false);
        if (resume && Checkpoint.Recover(CheckpointFolder))
        {
            state = Checkpoint.ReadState(CheckpointFolder);
            if (state.Task != _config.Task || state.Model != _kind.Name())
                throw new DataException(CheckpointFolder, $"holds a {state.Task}/{state.Model} run, not {_config.Task}/{_kind.Name()}",
                    "Resume with the matching --task and --model, or choose another --out");
        }
        else if (!resume && Directory.Exists(CheckpointFolder))
            throw new DataException(CheckpointFolder, "already holds a run", "Pass --resume to continue it, or choose another --out");

        manual_seed(_config.Seed);
        using var task = CreateTask(_config, _kind, _data, _device);
        var model = task.Model;
        using var optimizer = new Training.Adam(model.parameters(), _config.Training.LearningRate);
        // Masks (and Narang's q) are buffers of the model, so they are created before a checkpoint is loaded.
        var pruner = PrunerFactory.Create(_kind, model, _config.Pruning, (long)epochs * task.BatchesPerEpoch(_config.Data.MaxBatchesPerEpoch));
        if (state.Epoch > 0) Checkpoint.Load(CheckpointFolder, model, optimizer);
        else state = state with { Start = WarmStart.Apply(_config.Start, _config, task), StartSection = _config.Start };
        Directory.CreateDirectory(_outDir);
        using var runLock = RunLock.Acquire(_outDir);
        File.WriteAllText(Path.Combine(_outDir, "config.json"), JsonSerializer.Serialize(_config with { Start = state.StartSection }, ExperimentConfig.Json));
        task.Vocabulary.Save(Path.Combine(_outDir, "vocabulary.json"));
        var logPath = Path.Combine(_outDir, "epochs.csv");
        var log = state.Epoch > 0 && File.Exists(logPath) ? CsvFiles.Read<EpochLogRow>(logPath).Take(state.Epoch).ToList() : [];
        var elbo = _kind.IsBayesian() ? new ElboLoss(task.TrainSize, _config.Training.KlWarmupSteps) : null;
        var observers = new List<IRunObserver> { new TensorBoardLog(Path.Combine(_outDir, "tensorboard")) };
        if (observer is not null) observers.Add(observer);
        if (state.Epoch == 0) foreach (var o in observers) o.OnStart(state.Start ?? RunStart.Cold);
        var clock = Stopwatch.StartNew();
        double previousSeconds = log.Sum(r => r.Seconds);

        for (int epoch = state.Epoch + 1; epoch <= epochs && !state.Stopped; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            manual_seed(_config.Seed * 1_000_003 + epoch);
            var random = new Random(unchecked((int)(_config.Seed * 7919 + epoch)));
            foreach (var o in observers) o.OnEpochBegin(epoch, task.BatchesPerEpoch(_config.Data.MaxBatchesPerEpoch));
            model.train();
            double lossSum = 0;
            int batches = 0;
            StepResult? last = null;
            foreach (var batch in task.TrainBatches(random, _config.Data.MaxBatchesPerEpoch))
            {
                if (cancellation.IsCancellationRequested) return null; // last completed epoch stays checkpointed
                try
                {
                    last = TrainStep.Run(model, batch, optimizer, elbo, state.Step, _config.Training.Clip);
                }
                catch (TrainingDivergedException e)
                {
                    var kept = state.Epoch > 0 ? $"the last good checkpoint (epoch {state.Epoch}) is kept" : "no epoch had finished, so there is no checkpoint";
                    throw new TrainingDivergedException($"{_outDir}: training diverged at epoch {epoch}, step {state.Step + 1} ({e.Message}); " +
                        $"{kept}. Lower training.learning_rate or set training.clip, then --resume");
                }
                pruner?.OnStepEnd(state.Step);
                state = state with { Step = state.Step + 1 };
                lossSum += last.Loss;
                batches++;
                foreach (var o in observers) o.OnBatchEnd(epoch, batches, last);
            }
            var valid = task.Evaluate("valid");
            var report = ((ISequenceModel)model).Report();
            bool improved = double.IsNaN(state.BestValid) || (task.HigherIsBetter ? valid > state.BestValid : valid < state.BestValid);
            if (improved) state = state with { BestValid = valid, BestEpoch = epoch };
            bool earlyStopping = _kind == ModelKind.Original;
            if (improved && earlyStopping) model.save(Path.Combine(_outDir, "best.bin"));
            bool stop = earlyStopping && epoch - state.BestEpoch >= _config.Training.Patience;
            state = state with { Epoch = epoch, Stopped = stop };
            var row = new EpochLogRow(epoch, lossSum / Math.Max(1, batches), last?.Kl ?? 0, valid, report.Compression,
                $"{report.InputNeurons?.Kept}-{report.HiddenNeurons?.Kept}", report.Gates?.Kept ?? 0, epochClock.Elapsed.TotalSeconds,
                Environment.WorkingSet / (1024.0 * 1024.0));
            log.Add(row);
            CsvFiles.Write(logPath, log);
            Checkpoint.Save(CheckpointFolder, model, optimizer, state);
            foreach (var o in observers) o.OnEpochEnd(row);
        }

        // The Original reports its best validation epoch (early stopping); SparseVD and pruned models their last.
        if (_kind == ModelKind.Original && File.Exists(Path.Combine(_outDir, "best.bin"))) model.load(Path.Combine(_outDir, "best.bin"));
        var final = ((ISequenceModel)model).Report();
        var metrics = new RunMetrics(_config.Task, _kind.Name(), _config.Profile, task.QualityName, task.Evaluate("valid"),
            task.Evaluate("test"), final.Compression, final.Vocabulary?.Kept, final.InputNeurons?.Kept ?? 0,
            final.HiddenNeurons?.Kept ?? 0, final.Gates?.Kept ?? 0, state.Epoch, previousSeconds + clock.Elapsed.TotalSeconds,
            task.ProtocolNote, state.Start ?? RunStart.Cold);
        File.WriteAllText(MetricsPath, JsonSerializer.Serialize(metrics, ExperimentConfig.Json));
        GateFigure.Save((ISequenceModel)model, $"{_config.Task} {_kind.Name()}", Path.Combine(_outDir, "gates.png"));
        File.WriteAllText(Path.Combine(_outDir, "environment.json"),
            JsonSerializer.Serialize(RunEnvironment.Capture(_device.ToString()), ExperimentConfig.Json));
        return metrics;
    }
}
