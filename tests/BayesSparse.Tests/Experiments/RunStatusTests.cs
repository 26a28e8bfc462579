using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Models;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
public sealed class RunStatusTests
{
    /// <summary>Stops the run after <paramref name="epoch"/>, as a signal would: the epoch stays checkpointed.</summary>
    private sealed class StopAfter(int epoch, CancellationTokenSource stop) : IRunCallback
    {
        public void OnEpochEnd(RunContext run, EpochLogRow row)
        {
            if (row.Epoch == epoch) stop.Cancel();
        }
    }

    [Test]
    public void Should_SayStoppedWithTheEpochsLeft_When_ARunWasInterrupted_AndTrainingWhileItsLockIsHeld()
    {
        // Given a 3-epoch ptb-word W run stopped after its first epoch
        var root = DataFolders.Scratch();
        var folder = Path.Combine(root, "ptb-word", "w");
        using var stop = new CancellationTokenSource();
        var config = ExperimentConfig.Load(ConfigLocator.Find("ptb-word", "smoke"));
        Assert.That(new ExperimentRunner(config, ModelKind.W, DataFolders.Slices, folder, torch.CPU)
            .Run(resume: false, new StopAfter(1, stop), stop.Token, epochsOverride: 3), Is.Null);

        // When the folder above it is read
        var status = RunStatus.Find(root).Single();

        // Then it is the run, stopped at 1 of 3 epochs, with two epochs' time left
        Assert.That((status.Run, status.Task, status.Model, status.Epochs, status.TargetEpochs, status.State),
            Is.EqualTo((folder, "ptb-word", "w", 1, 3, RunStatus.Stopped)));
        Assert.That(status.HoursLeft, Is.EqualTo(2 * status.SecondsPerEpoch / 3600).Within(1e-12));
        Assert.That(status.Valid, Is.GreaterThan(1), "a perplexity");

        // And while a process holds its lock, training
        using (RunLock.Acquire(folder)) Assert.That(RunStatus.Read(folder).State, Is.EqualTo(RunStatus.Training));
        Assert.That(RunStatus.Read(folder).State, Is.EqualTo(RunStatus.Stopped));
    }

    [Test]
    public void Should_SayFinishedWithNoTimeLeft_When_ARunWroteItsMetrics()
    {
        // Given a finished one-epoch run
        var folder = Path.Combine(DataFolders.Scratch(), "run");
        var config = ExperimentConfig.Load(ConfigLocator.Find("ptb-word", "smoke"));
        new ExperimentRunner(config, ModelKind.W, DataFolders.Slices, folder, torch.CPU).Run(resume: false, epochsOverride: 1);

        // When it is read, Then it is finished at 1 of 1 epochs
        var status = RunStatus.Read(folder);
        Assert.That((status.Epochs, status.TargetEpochs, status.State, status.HoursLeft), Is.EqualTo((1, 1, RunStatus.Finished, (double?)null)));
    }

    [Test]
    public void Should_ListARunInItsFirstEpoch_When_ItHasNoLogYet()
    {
        // Given a run folder as train leaves it before its first epoch ends: config.json and a held lock, no epochs.csv
        var root = DataFolders.Scratch();
        var folder = Path.Combine(root, "run");
        Directory.CreateDirectory(folder);
        File.Copy(ConfigLocator.Find("ptb-word", "smoke"), Path.Combine(folder, "config.json"));
        using var running = RunLock.Acquire(folder);

        // When the folder above it is read, Then the run is training at epoch 0 of the config's 2, its time left unknown
        var status = RunStatus.Find(root).Single();
        Assert.That((status.Run, status.Epochs, status.TargetEpochs, status.State, status.HoursLeft),
            Is.EqualTo((folder, 0, 2, RunStatus.Training, (double?)null)));
    }
}
