using NUnit.Framework;

namespace BayesSparse.Tests.Cli;

/// <summary><c>reproduce --plan</c>: one self-contained train command per run, carrying every option that shapes the run.</summary>
[TestFixture]
public sealed class ReproducePlanTests
{
    [Test]
    public void Should_PlanOneRunPerSeed_InItsOwnFolder_When_SeedsAreGiven()
    {
        // Given a grid of one task and model over seeds 2-3 and 7
        var root = Path.Combine(Path.GetTempPath(), "bs-reproduce-seeds");
        // When planned
        var (code, output, _) = CliHarness.RunCapturing("reproduce", "--tasks", "imdb", "--models", "wgn", "--seeds", "2-3", "7",
            "--plan", "--data-dir", "/data", "--out", root);

        // Then each seed is one train command with its seed, into MODEL-seedN
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(code, Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(3));
        foreach (var (line, seed) in lines.Zip(new[] { 2, 3, 7 }))
            Assert.That(line, Does.Contain($" --seed {seed} ").And.Contain(Path.Combine(root, "cpu", "imdb", $"wgn-seed{seed}") + " --resume"));
    }

    [Test]
    public void Should_PassNoCompactionToEveryRun_When_Planned()
    {
        // When a grid is planned with --no-compaction, Then every train command carries it, and without it none does
        string Plan(params string[] extra) => CliHarness.RunCapturing(["reproduce", "--tasks", "imdb", "ptb-word", "--models", "w", "wgn", "--plan",
            "--data-dir", "/data", "--out", Path.GetTempPath(), .. extra]).Output;
        var lines = Plan("--no-compaction").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines, Has.All.Contains(" --no-compaction"));
        Assert.That(Plan(), Does.Not.Contain("--no-compaction"));
    }

    [Test]
    public void Should_PassTheDeviceToEveryRun_When_PlannedForAnotherDevice()
    {
        // When a grid is planned for cuda:1 (this machine has no CUDA: a plan is for the machine that runs it)
        string Plan(params string[] extra) => CliHarness.RunCapturing(["reproduce", "--tasks", "imdb", "--models", "w", "wgn", "--plan",
            "--data-dir", "/data", "--out", Path.GetTempPath(), .. extra]).Output;
        var lines = Plan("--device", "CUDA:1").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then every train command carries it, and a plan for the cpu names no device
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines, Has.All.Contains(" --device cuda:1 "));
        Assert.That(Plan(), Does.Not.Contain("--device"));
    }

    [TestCase("3-1", "is not a range")]
    [TestCase("x", "is not a seed")]
    [TestCase("1-2,2", "given twice")]
    public void Should_Exit2_When_SeedsAreBad(string seeds, string expected) =>
        CliHarness.AssertRefused(CliHarness.Run("reproduce", "--tasks", "imdb", "--models", "wgn", "--seeds", seeds, "--plan",
            "--data-dir", "/data", "--out", Path.GetTempPath()), expected);
}
