using System.Security.Cryptography;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Tests.Cli;
using BayesSparse.Tests.Data;
using BayesSparse.Text;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Experiments;

/// <summary>What protects a run's folder: the divergence guard, the folder lock, and the checkpoint swap.</summary>
[TestFixture]
[NonParallelizable] // redirects the process's stderr
public sealed class RunSafetyTests
{
    private static string Slices => DataFolders.Slices.Path;

    private static string TrainOneEpoch()
    {
        var run = Path.Combine(DataFolders.Scratch(), "run");
        var (code, errors) = CliHarness.Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "1",
            "--data-dir", Slices, "--out", run);
        Assert.That(code, Is.EqualTo(0), string.Join("\n", errors));
        return run;
    }

    private static Dictionary<string, string> Hashes(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Test]
    public void Should_StopInOneLineAndKeepTheCheckpoint_When_TheLossBecomesNaN()
    {
        // Given a run checkpointed after epoch 1 whose weights were then poisoned with one NaN
        var run = TrainOneEpoch();
        var checkpoint = Path.Combine(run, "checkpoint");
        var config = ExperimentConfig.Load(Path.Combine(run, "config.json"));
        using (var model = LanguageModelExperiment.BuildModel(config, ModelKind.W, Vocabulary.Load(Path.Combine(run, "vocabulary.json")).Count))
        {
            model.load(Path.Combine(checkpoint, "model.bin"));
            using (no_grad()) model.parameters().First()[0] = tensor(float.NaN);
            model.save(Path.Combine(checkpoint, "model.bin"));
        }
        var before = Hashes(checkpoint);

        // When training continues
        var result = CliHarness.Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "2",
            "--data-dir", Slices, "--out", run, "--resume");

        // Then it stops at the first step in one line naming the epoch and step, with exit code 2, and leaves the
        // checkpoint and the epoch log as they were
        CliHarness.AssertRefused(result, "diverged at epoch 2, step 4 (the loss is NaN)");
        Assert.That(result.Errors[0], Does.Contain("checkpoint (epoch 1) is kept"));
        Assert.That(Hashes(checkpoint), Is.EqualTo(before));
        Assert.That(File.ReadAllLines(Path.Combine(run, "epochs.csv")), Has.Length.EqualTo(2));
    }

    [Test]
    public void Should_Exit2AndWriteNothing_When_AnotherProcessHoldsTheRunFolder()
    {
        // Given a run folder whose lock another process holds
        var run = Path.Combine(DataFolders.Scratch(), "run");
        Directory.CreateDirectory(run);
        using var held = RunLock.Acquire(run);

        // When a second run is started on it
        var result = CliHarness.Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "1",
            "--data-dir", Slices, "--out", run);

        // Then it refuses in one line and writes nothing there
        CliHarness.AssertRefused(result, "is being written by another process");
        Assert.That(Directory.GetFileSystemEntries(run).Select(Path.GetFileName), Is.EqualTo(new[] { ".lock" }));
    }

    [Test]
    public void Should_KeepThePreviousCheckpointLoadable_When_TheCheckpointWriteFails()
    {
        // Given a run checkpointed after epoch 1, and a file where the next checkpoint's temporary folder must go
        var run = TrainOneEpoch();
        File.WriteAllText(Path.Combine(run, "checkpoint.tmp"), "in the way");

        // When the next epoch's checkpoint cannot be written
        var result = CliHarness.Run("train", "--task", "ptb-word", "--model", "w", "--profile", "smoke", "--epochs", "2",
            "--data-dir", Slices, "--out", run, "--resume");

        // Then the run stops in one line naming the path in the way, and the epoch-1 checkpoint still loads
        CliHarness.AssertRefused(result, Path.Combine(run, "checkpoint.tmp"));
        var checkpoint = Path.Combine(run, "checkpoint");
        Assert.That(Checkpoint.ReadState(checkpoint).Epoch, Is.EqualTo(1));
        var config = ExperimentConfig.Load(Path.Combine(run, "config.json"));
        using var model = LanguageModelExperiment.BuildModel(config, ModelKind.W, Vocabulary.Load(Path.Combine(run, "vocabulary.json")).Count);
        Assert.DoesNotThrow(() => Checkpoint.Load(checkpoint, model, null));
    }

    [TestCase("TERM", TestName = "Should_CheckpointAndExit130_When_ASchedulerSendsSigterm")]
    [TestCase("USR1", TestName = "Should_CheckpointAndExit130_When_SlurmWarnsWithSigusr1")]
    public void Should_CheckpointAndExit130_When_AStopSignalComes(string signal)
    {
        Assume.That(OperatingSystem.IsLinux(), "POSIX signals, Linux numbering");
        // Given a long smoke run in its own process that has checkpointed at least one epoch
        var run = Path.Combine(DataFolders.Scratch(), "run");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "bayes-sparse.dll"), "train", "--task", "ptb-word",
                     "--model", "w", "--profile", "smoke", "--epochs", "500", "--data-dir", Slices, "--out", run })
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var state = Path.Combine(run, "checkpoint", "state.json");
        while (!File.Exists(state) && !process.HasExited) Thread.Sleep(50);

        // When the signal comes
        using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            kill.WaitForExit();

        // Then it stops after its batch with exit code 130, long before its 500 epochs, and its checkpoint loads
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(10)), Is.True, "it did not stop");
        Assert.That(process.ExitCode, Is.EqualTo(130));
        var epoch = Checkpoint.ReadState(Path.Combine(run, "checkpoint")).Epoch;
        Assert.That(epoch, Is.InRange(1, 499));
        Assert.That(File.Exists(Path.Combine(run, "metrics.json")), Is.False);
    }
}
