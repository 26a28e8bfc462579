using BayesSparse.Configuration;
using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
public sealed class Table1Tests
{
    [Test]
    public void Should_MergeRunsFromSeveralMachines_InTaskAndModelOrder_When_Collecting()
    {
        // Given finished runs written to two different roots (two machines)
        var config = ExperimentConfig.Load(ConfigLocator.Find("ptb-word", "smoke")) with { Training = new TrainingSection(1, 2e-3, 10) };
        var first = DataFolders.Scratch();
        var second = DataFolders.Scratch();
        var compacting = config with { Training = config.Training with { CompactAfter = 3 } };
        new ExperimentRunner(compacting, ModelKind.WGN, DataFolders.Slices, Path.Combine(first, "smoke", "ptb-word", "wgn"), torch.CPU).Run(false);
        new ExperimentRunner(config, ModelKind.Original, DataFolders.Slices, Path.Combine(second, "smoke", "ptb-word", "original"), torch.CPU).Run(false);

        // When collected
        var rows = Table1.Collect([first, second]);
        var markdown = Table1.Markdown(rows, "bayes-sparse reproduce --collect a b");

        // Then both appear, Original first, each beside the paper's number
        Assert.That(rows.Select(r => r.Model), Is.EqualTo(new[] { "original", "wgn" }));
        Assert.That(rows[1].Paper, Does.StartWith("122.0-116.5"));
        Assert.That(markdown, Does.Contain("| ptb-word | wgn | smoke | faithful, sigmoid, cut after 3 | cold | 1 |").And.Contain("bayes-sparse reproduce --collect a b"));
        // with the cell each ran (the Original has no training noise; the W+G+N run compacts)
        Assert.That(rows.Select(r => r.Cell), Is.EqualTo(new[] { "sigmoid", "faithful, sigmoid, cut after 3" }));
        // and beside the authors' own logged epoch 1 (valid-test perplexity 565.99-549.39 at 19.31x)
        Assert.That(rows[1].Authors, Does.StartWith("565.99-549.39 @19.3x"));
    }
}
