using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

/// <summary>
/// A real training process killed with SIGKILL and continued with <c>--resume</c> ends bit-identical to an
/// uninterrupted one. It failed before the fused kernels stopped drawing their throw-away initialisation from
/// torch's generator (a resumed process created them one epoch later, so its noise differed from then on). The same
/// holds for a run that cuts removed structure out of its tensors (<c>training.compact_after</c>), killed in the
/// epoch right after its first cut.
/// </summary>
[TestFixture]
[NonParallelizable] // times a child process
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

    private static Process Start(string config, string output, bool resume, int epochs, Action<string>? onOutput = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Tool, "train", "--task", "imdb", "--model", "wgn", "--config", config, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--data-dir", DataFolders.Slices.Path, "--out", output })
            start.ArgumentList.Add(argument);
        if (resume) start.ArgumentList.Add("--resume");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutput?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Finish(Process process)
    {
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the run did not finish");
        Assert.That(process.ExitCode, Is.EqualTo(0));
    }

    /// <summary>The epoch log without its timing and memory columns, and the metrics without their seconds.</summary>
    private static (string Log, string Metrics) Results(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "epochs.csv"));
        var header = lines[0].Split(',');
        var kept = Enumerable.Range(0, header.Length).Where(i => header[i] is not ("seconds" or "resident_mb")).ToArray();
        var log = lines.Select(line => string.Join(',', kept.Select(i => line.Split(',')[i])));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json")))!.AsObject();
        metrics.Remove("seconds");
        return (string.Join('\n', log), metrics.ToJsonString());
    }

    [TestCase(false, 2, TestName = "Should_EndBitIdentical_When_KilledInsideAnEpochAndResumed")]
    [TestCase(true, 3, TestName = "Should_EndBitIdentical_When_KilledRightAfterACompactionAndResumed")]
    public void Should_EndBitIdentical_When_KilledAndResumed(bool compaction, int killedEpoch)
    {
        // Given an uninterrupted run one epoch longer than the epoch it will be killed in
        var config = Config(compaction);
        int epochs = killedEpoch + 1;
        var straight = Path.Combine(DataFolders.Scratch(), "straight");
        using (var process = Start(config, straight, resume: false, epochs)) Finish(process);

        // When the same run is killed with SIGKILL inside an epoch (the one before it is checkpointed)
        var killed = Path.Combine(DataFolders.Scratch(), "killed");
        // Signal: its progress inside that epoch, or 0.2 s after the line that ends the one before (printed after the
        // checkpoint is written): the progress display may not redraw inside a short epoch.
        using var inside = new ManualResetEventSlim();
        using (var process = Start(config, killed, resume: false, epochs, line =>
               {
                   if (line.Contains($"epoch {killedEpoch} loss")) inside.Set();
                   else if (line.TrimStart().StartsWith($"epoch {killedEpoch - 1}: loss", StringComparison.Ordinal))
                       Task.Delay(200).ContinueWith(_ => inside.Set());
               }))
        {
            Assert.That(inside.Wait(TimeSpan.FromMinutes(2)), Is.True, $"the run never reached epoch {killedEpoch}");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var state = Checkpoint.ReadState(Path.Combine(killed, "checkpoint"));
        Assert.That(state.Epoch, Is.EqualTo(killedEpoch - 1), $"killed inside epoch {killedEpoch}");
        if (compaction) Assert.That(state.Live, Is.Not.Empty, "the checkpoint it resumes from is cut");

        // and continued with --resume in a new process
        using (var process = Start(config, killed, resume: true, epochs)) Finish(process);

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
