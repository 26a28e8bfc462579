using BayesSparse.Scheduling;
using BayesSparse.Tests.Cli;
using NUnit.Framework;

namespace BayesSparse.Tests.Scheduling;

[TestFixture]
public sealed class SlurmArrayScriptTests
{
    [Test]
    public void Should_WriteOneArrayTaskPerRun_ThatRequeuesBeforeTheTimeLimit_When_TheGridIsPlannedForSlurm()
    {
        // Given a grid of two seeds written as an sbatch script, with a time limit and an extra option
        var root = Path.Combine(Path.GetTempPath(), "bs-slurm-plan");
        var script = Path.Combine(root, "grid.sbatch");
        Directory.CreateDirectory(root);
        var (code, output, _) = CliHarness.RunCapturing("reproduce", "--tasks", "imdb", "--models", "wgn", "--seeds", "1-2", "--plan",
            "--slurm", script, "--time", "12:00:00", "--sbatch=--mem=8G", "--data-dir", "/data dir", "--out", root);

        // Then it is an array of two tasks that requeues, warns before the limit and passes the options through
        var text = File.ReadAllText(script);
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("2 array tasks").And.Contain("reproduce --collect"));
        Assert.That(text, Does.Contain("#SBATCH --array=0-1\n").And.Contain("#SBATCH --requeue\n").And.Contain("#SBATCH --signal=B:USR1@")
            .And.Contain("#SBATCH --cpus-per-task=2\n").And.Contain("#SBATCH --time=12:00:00\n").And.Contain("#SBATCH --mem=8G\n"));
        // with each run's train command, the data folder quoted for the shell, and a finished run exiting at once
        Assert.That(text, Does.Contain("--seed 2 --data-dir '/data dir' --out " + Path.Combine(root, "cpu", "imdb", "wgn-seed2") + " --resume"));
        Assert.That(text, Does.Contain("if [ -f \"$out/metrics.json\" ]; then"));
        Assert.That(text, Does.Contain("scontrol requeue"));
    }

    [Test]
    public void Should_QuoteOnlyWhatTheShellWouldSplit_When_ACommandLineIsWritten() =>
        Assert.That(new PlannedRun(["train", "--out", "runs/a b", "--x", "it's"], "runs/a b").CommandLine(),
            Is.EqualTo("bayes-sparse train --out 'runs/a b' --x 'it'\\''s'"));

    [Test]
    public void Should_Exit2_When_SlurmIsAskedWithoutPlan() =>
        CliHarness.AssertRefused(CliHarness.Run("reproduce", "--tasks", "imdb", "--models", "wgn", "--slurm", "/tmp/x.sbatch",
            "--data-dir", "/data", "--out", Path.GetTempPath()), "--slurm writes a plan: pass --plan too");
}
