using System.Runtime.Versioning;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

/// <summary>experiments/collect-runs.sh, which copies runs' small files into a committed results folder.</summary>
[TestFixture]
public sealed class CollectRunsScriptTests
{
    [Test]
    [SupportedOSPlatform("linux")]
    public void Should_KeepTheLongerCollectedLog_When_ARunTrainedAgainIsCollectedBeforeItCatchesUp()
    {
        Assume.That(OperatingSystem.IsLinux(), "bash and a shell stand-in for dotnet");
        // Given a results folder holding a 3-epoch log of run a and a 1-epoch log of run b, and a runs folder where run
        // a (trained again) is at epoch 2 and run b at epoch 2
        var root = DataFolders.Scratch();
        foreach (var (folder, run, epochs) in new[] { ("results", "a", 3), ("results", "b", 1), ("runs", "a", 2), ("runs", "b", 2) })
        {
            Directory.CreateDirectory(Path.Combine(root, folder, "t", run));
            File.WriteAllLines(Path.Combine(root, folder, "t", run, "epochs.csv"),
                ["epoch,valid_quality", .. Enumerable.Range(1, epochs).Select(e => $"{e},{folder}")]);
        }

        // When the runs are collected
        var (code, output, errors) = ShellScripts.Run(root, "exit 0",
            RepositoryFiles.Path("experiments", "collect-runs.sh"), Path.Combine(root, "runs"), Path.Combine(root, "results"), "tool.dll");

        // Then run a's longer collected log stays, with a line saying so, and run b's longer new log replaces its old one
        Assert.That(code, Is.Zero, errors);
        Assert.That(output, Does.Contain("kept (3 epochs there, 2 in"));
        Assert.That(File.ReadAllLines(Path.Combine(root, "results", "t", "a", "epochs.csv")), Has.Length.EqualTo(4).And.Contains("3,results"));
        Assert.That(File.ReadAllLines(Path.Combine(root, "results", "t", "b", "epochs.csv")), Is.EqualTo(new[] { "epoch,valid_quality", "1,runs", "2,runs" }));
    }
}
