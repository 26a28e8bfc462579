using BayesSparse.Benchmarks;
using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Benchmarks;

[TestFixture]
public sealed class CutMemoryBenchmarkTests
{
    private static readonly ExperimentConfig Smoke = ExperimentConfig.Load(ConfigLocator.Find("ptb-word", "smoke"));

    [Test]
    public void Should_ReadMemoryAfterEveryRoundAndCut_When_HiddenNeuronsAreCut()
    {
        // When a smoke word LM (16 hidden neurons) trains 2 batches and loses 3 neurons, three times over
        var rows = CutMemoryBenchmark.Run(Smoke, ModelKind.WGN, DataFolders.Slices, "lstm.hidden", cut: 3, rounds: 3, batches: 2, torch.CPU);

        // Then each round reads once trained and once cut, the cut holding 3 neurons and their weights fewer
        Assert.That(rows.Select(r => (r.Round, r.Stage)), Is.EqualTo(new[] { (1, "trained"), (1, "cut"), (2, "trained"), (2, "cut"), (3, "trained"), (3, "cut") }));
        Assert.That(rows.Select(r => r.Live), Is.EqualTo(new long[] { 16, 13, 13, 10, 10, 7 }));
        Assert.That(rows.Zip(rows.Skip(1)).Where(p => p.Second.Stage == "cut").All(p => p.Second.Parameters < p.First.Parameters), Is.True);
        Assert.That(rows.All(r => r.ResidentMb > 0), Is.True);
        if (OperatingSystem.IsLinux()) Assert.That(rows.All(r => r.HeapInUseMb > 0 && r.HeapFreeMb >= 0), Is.True, "glibc reports its heap");
    }

    [Test]
    public void Should_Refuse_When_TheCutsWouldLeaveNoEntry()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CutMemoryBenchmark.Run(Smoke, ModelKind.WGN, DataFolders.Slices, "lstm.hidden", cut: 8, rounds: 2, batches: 1, torch.CPU));
        Assert.That(error!.Message, Does.Contain("would leave none of the 16 entries"));
        Assert.Throws<ArgumentException>(() =>
            CutMemoryBenchmark.Run(Smoke, ModelKind.WGN, DataFolders.Slices, "lstm.nothing", cut: 1, rounds: 1, batches: 1, torch.CPU));
    }
}
