using System.Runtime.Versioning;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

/// <summary>experiments/run-folders.sh, which every experiment queue sources, on a machine that has lost its run folders.</summary>
[TestFixture]
public sealed class RunFoldersScriptTests
{
    [Test]
    [SupportedOSPlatform("linux")]
    public void Should_SkipOnlyFinishedRunsWhoseFoldersAreGone_When_AQueueRunsOnANewMachine()
    {
        Assume.That(OperatingSystem.IsLinux(), "bash and a shell stand-in for dotnet");
        // Given a queue of four runs whose results show two finished, one of them still in the runs folder, and a
        // stand-in dotnet that logs what it is asked to train
        var root = DataFolders.Scratch();
        Directory.CreateDirectory(Path.Combine(root, "experiments", "queue"));
        File.Copy(RepositoryFiles.Path("experiments", "run-folders.sh"), Path.Combine(root, "experiments", "run-folders.sh"));
        File.WriteAllText(Path.Combine(root, "experiments", "queue", "run.sh"), """
            set -euo pipefail
            source experiments/run-folders.sh "$@"
            run t/finished --epochs 800
            run t/finished-here --epochs 800
            run t/new --epochs 150
            carry_on t/gone t/gone-e100
            carry_on t/finished-here t/finished-here-e100
            """);
        foreach (var finished in new[] { "finished", "finished-here" })
        {
            Directory.CreateDirectory(Path.Combine(root, "experiments", "queue", "results", "t", finished));
            File.WriteAllText(Path.Combine(root, "experiments", "queue", "results", "t", finished, "metrics.json"), "{}");
        }
        Directory.CreateDirectory(Path.Combine(root, "runs", "t", "finished-here"));
        var log = Path.Combine(root, "trained.log");

        // When the queue runs
        var (code, output, errors) = ShellScripts.Run(root, $"echo \"$*\" >> '{log}'",
            "experiments/queue/run.sh", "data", Path.Combine(root, "runs"), "tool.dll");

        // Then the finished run whose folder is gone is skipped with a line; the one still here and the new one train
        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Contain("t/finished: finished earlier"));
        var trained = File.ReadAllLines(log);
        Assert.That(trained, Has.Length.EqualTo(2));
        Assert.That(trained[0], Does.StartWith("tool.dll train --epochs 800 --data-dir data --out " + Path.Combine(root, "runs", "t", "finished-here")));
        Assert.That(trained[1], Does.Contain("--out " + Path.Combine(root, "runs", "t", "new") + " --resume"));
        // and a run is carried on into a copy only from a folder that is there
        Assert.That(Directory.Exists(Path.Combine(root, "runs", "t", "finished-here-e100")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(root, "runs", "t", "gone-e100")), Is.False);
    }
}
