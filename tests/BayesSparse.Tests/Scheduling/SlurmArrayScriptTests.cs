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

    [TestCase("1 day", "is not a Slurm time limit")]
    [TestCase("12:00:00:00", "is not a Slurm time limit")]
    public void Should_Exit2AndWriteNoScript_When_TheTimeLimitIsNotSlurms(string time, string expected) =>
        AssertRefusedWithoutScript(expected, "--time", time);

    [Test]
    public void Should_Exit2AndWriteNoScript_When_ATaskGetsNoCores() => AssertRefusedWithoutScript("--cpus-per-task must be at least 1", "--cpus-per-task", "0");

    [Test]
    public void Should_Exit2AndWriteNoScript_When_AnOptionHoldsALineBreak() =>
        AssertRefusedWithoutScript("holds a line break", "--partition", "gpu\nrm -rf ~");

    [TestCase("90")]
    [TestCase("2-12:00:00")]
    [TestCase("30:00")]
    [TestCase("UNLIMITED")]
    public void Should_WriteTheScript_When_TheTimeLimitIsOneOfSlurms(string time) =>
        Assert.That(new SlurmArrayScript([new PlannedRun(["train"], "runs/a")], "logs", "collect", 2, time).Text(),
            Does.Contain($"#SBATCH --time={time}\n"));

    private static void AssertRefusedWithoutScript(string expected, params string[] options)
    {
        var root = Path.Combine(Path.GetTempPath(), "bs-slurm-refused");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        var script = Path.Combine(root, "grid.sbatch");
        CliHarness.AssertRefused(CliHarness.Run(["reproduce", "--tasks", "imdb", "--models", "wgn", "--plan", "--slurm", script, .. options,
            "--data-dir", "/data", "--out", root]), expected);
        Assert.That(Directory.EnumerateFileSystemEntries(root), Is.Empty);
    }

    [Test]
    public void Should_Exit2_When_SlurmIsAskedWithoutPlan() =>
        CliHarness.AssertRefused(CliHarness.Run("reproduce", "--tasks", "imdb", "--models", "wgn", "--slurm", "/tmp/x.sbatch",
            "--data-dir", "/data", "--out", Path.GetTempPath()), "--slurm writes a plan: pass --plan too");
}
