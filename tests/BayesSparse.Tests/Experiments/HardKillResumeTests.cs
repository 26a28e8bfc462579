using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

/// <summary>
/// A real training process killed with SIGKILL and continued with <c>--resume</c> ends bit-identical to an
/// uninterrupted one. It failed before the fused kernels stopped drawing their throw-away initialisation from
/// torch's generator (a resumed process created them one epoch later, so its noise differed from then on). The same
/// holds for a run that cuts removed structure out of its tensors (<c>training.compact_after</c>), killed in the
/// epoch right after its first cut or between its first cut and that epoch's checkpoint. The run kills itself at a set
/// batch (<see cref="FaultInjection"/>), so where the kill lands does not depend on the machine's speed.
/// </summary>
[TestFixture]
[NonParallelizable] // runs child training processes
public sealed class HardKillResumeTests
{
    private static string Tool => Path.Combine(TestContext.CurrentContext.TestDirectory, "bayes-sparse.dll");

    /// <summary>
    /// The smoke IMDb config with fast noise (the fused kernels) and batches large enough that an epoch can be killed
    /// inside; with compaction, a learning rate that removes hidden neurons and gate rows by the end of epoch 2.
    /// </summary>
    private static string Config(bool compaction)
    {
        var config = ExperimentConfig.Load(ConfigLocator.Find("imdb", "smoke"));
        config = config with
        {
            Data = config.Data with { MaxBatchesPerEpoch = 100, Steps = 200 },
            Model = config.Model with { Noise = BayesSparse.NN.Recurrent.RecurrentNoise.Fast, HiddenSize = 128, EmbeddingDim = 64 },
        };
        if (compaction) config = config with { Training = config.Training with { LearningRate = 0.01, CompactAfter = 1 } };
        var path = Path.Combine(DataFolders.Scratch(), "imdb.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config, ExperimentConfig.Json));
        return path;
    }

    private static Process Start(string config, string output, bool resume, int epochs, string? killAt = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (killAt is not null) start.Environment[FaultInjection.Variable] = killAt;
        foreach (var argument in new[] { Tool, "train", "--task", "imdb", "--model", "wgn", "--config", config, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--data-dir", DataFolders.Slices.Path, "--out", output })
            start.ArgumentList.Add(argument);
        if (resume) start.ArgumentList.Add("--resume");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for the process (the guard only catches a hung run; a slow machine finishes well inside it).</summary>
    private static int Exit(Process process)
    {
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(30)), Is.True, "the run hung");
        return process.ExitCode;
    }

    /// <summary>The epoch log without its timing and memory columns, and the metrics without their seconds.</summary>
    private static (string Log, string Metrics) Results(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "epochs.csv"));
        var header = lines[0].Split(',');
        var kept = Enumerable.Range(0, header.Length).Where(i => header[i] is not ("seconds" or "cpu_seconds" or "resident_mb" or "heap_in_use_mb")).ToArray();
        var log = lines.Select(line => string.Join(',', kept.Select(i => line.Split(',')[i])));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!.AsObject();
        metrics.Remove("seconds");
        return (string.Join('\n', log), metrics.ToJsonString());
    }

    [TestCase(false, "2:5", 2, TestName = "Should_EndBitIdentical_When_KilledInsideAnEpochAndResumed")]
    [TestCase(true, "3:5", 3, TestName = "Should_EndBitIdentical_When_KilledRightAfterACompactionAndResumed")]
    [TestCase(true, "2:end", 2, TestName = "Should_EndBitIdentical_When_KilledDuringACompactionAndResumed")]
    public void Should_EndBitIdentical_When_KilledAndResumed(bool compaction, string killAt, int killedEpoch)
    {
        // Given an uninterrupted run one epoch longer than the epoch it will be killed in
        var config = Config(compaction);
        int epochs = killedEpoch + 1;
        var straight = Path.Combine(DataFolders.Scratch(), "straight");
        using (var process = Start(config, straight, resume: false, epochs)) Assert.That(Exit(process), Is.Zero);

        // When the same run kills itself with SIGKILL at a set point of that epoch (inside it, after batch 5; or
        // at its end, after the structure was cut and before the epoch log and checkpoint), whatever the machine's load
        var killed = Path.Combine(DataFolders.Scratch(), "killed");
        using (var process = Start(config, killed, resume: false, epochs, killAt)) Assert.That(Exit(process), Is.EqualTo(137), "SIGKILL");
        var state = Checkpoint.ReadState(Path.Combine(killed, "checkpoint"));
        Assert.That(state.Epoch, Is.EqualTo(killedEpoch - 1), $"killed in epoch {killedEpoch}");
        if (compaction && killedEpoch > 2) Assert.That(state.Live, Is.Not.Empty, "the checkpoint it resumes from is cut");

        // and continued with --resume in a new process
        using (var process = Start(config, killed, resume: true, epochs)) Assert.That(Exit(process), Is.Zero);

        // Then its epoch log and metrics are bit-identical to the uninterrupted run's
        var (straightLog, straightMetrics) = Results(straight);
        var (resumedLog, resumedMetrics) = Results(killed);
        Assert.That(resumedLog, Is.EqualTo(straightLog));
        Assert.That(resumedMetrics, Is.EqualTo(straightMetrics));
    }

    [TestCase(true, 2, TestName = "Should_ResumeFromTheNewCheckpoint_When_KilledBetweenTheTwoRenames")]
    [TestCase(false, 1, TestName = "Should_ResumeFromTheOldCheckpoint_When_KilledWhileWritingTheNewOne")]
    public void Should_KeepTheNewestCompleteCheckpoint_When_KilledDuringTheSwap(bool newOneComplete, int expectedEpoch)
    {
        // Given the folders a checkpoint swap leaves when killed: the old checkpoint moved aside as .old, and the
        // new one in .tmp (complete between the two renames; the old one still in place while it was being written)
        var folder = Path.Combine(DataFolders.Scratch(), "checkpoint");
        void Write(string path, int epoch)
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "state.json"),
                JsonSerializer.Serialize(new RunState("imdb", "wgn", 1, epoch, 10L * epoch, 50, epoch, false), ExperimentConfig.Json));
        }
        Write(newOneComplete ? folder + ".old" : folder, 1);
        Write(folder + ".tmp", 2);

        // When a resumed run recovers the folder
        bool present = Checkpoint.Recover(folder);

        // Then the newest complete checkpoint is in place and nothing is left beside it
        Assert.That(present, Is.True);
        Assert.That(Checkpoint.ReadState(folder).Epoch, Is.EqualTo(expectedEpoch));
        Assert.That(Directory.Exists(folder + ".tmp") || Directory.Exists(folder + ".old"), Is.False);
    }
}
