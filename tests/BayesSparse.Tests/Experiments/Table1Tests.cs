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
        // and beside the authors' own logged epoch 1 (valid-test perplexity 565.99-549.39 at 19.31x), out of their 150,
        // with their GPU time for that epoch
        Assert.That(rows[1].Authors, Does.StartWith("565.99-549.39 @19.3x"));
        Assert.That(rows.Select(r => r.PaperEpochs), Is.EqualTo(new[] { 150, 150 }));
        Assert.That(rows[1].AuthorsHours * 3600, Is.EqualTo(AuthorsCurves.Find().Nearest("ptb-word", "wgn", 1)!.Seconds).Within(1e-9));
        Assert.That(rows[1].Hours, Is.GreaterThan(0));
        Assert.That(markdown, Does.Contain("| cold | 1 | 1 / 150 | "));
    }

    [Test]
    public void Should_GiveOneSetting_When_ConfigsDifferOnlyInWhatDoesNotChangeTraining()
    {
        // Given the IMDb cpu config without test readings, and copies with another seed, other epochs and notes, and the
        // test read every 20 epochs
        var loaded = ExperimentConfig.Load(ConfigLocator.Find("imdb", "cpu"));
        var config = loaded with { Training = loaded.Training with { TestEvery = null } };
        var same = config with { Seed = 7, Notes = "x", Training = config.Training with { Epochs = 800, TestEvery = 20 } };
        var other = config with { Training = config.Training with { LearningRate = config.Training.LearningRate * 2 } };

        // Then those share its setting, which no spreadsheet reads as a number, and a config that trains differently does not
        Assert.That(Table1.Setting(same), Is.EqualTo(Table1.Setting(config)).And.Match("^cfg-[0-9a-f]{8}$"));
        Assert.That(Table1.Setting(other), Is.Not.EqualTo(Table1.Setting(config)));
    }

    [Test]
    public void Should_SummariseRunsThatDifferOnlyInTheirSeed_When_Collecting()
    {
        // Given rows of one setting: two seeds at 20 epochs, a copy of one of them, and a run of another length
        Table1.Row Row(long seed, double valid, int epochs = 20) =>
            new("imdb", "wgn", "cpu", "fast, sigmoid", "accuracy", valid, valid - 1, 100 * seed, 10, 10 * seed, 4 + seed, epochs, "cold", 0, "", "",
                null, $"wgn-seed{seed}", seed, "0123abcd");
        var rows = new[] { Row(1, 80), Row(2, 84), Row(2, 60), Row(3, 70, epochs: 100) };

        // When grouped over seeds
        var groups = Table1.SeedGroups(rows);

        // Then the two 20-epoch seeds make one group with their mean and range of each reading, neurons and gates too (the
        // copy not counted); a single run makes none
        Assert.That(groups, Has.Count.EqualTo(1));
        Assert.That(groups[0], Is.EqualTo(new Table1.SeedGroup("imdb", "wgn", "cpu", "fast, sigmoid", "0123abcd", "cold", 0, 20, "1 2",
            "82 [80, 84]", "81 [79, 83]", "150x [100x, 200x]", "10 [10, 10]", "15 [10, 20]", "5.5 [5, 6]")));
        Assert.That(Table1.Markdown(rows, "x"),
            Does.Contain("| 0123abcd | cold | 20 | 2: 1 2 | 82 [80, 84] | 81 [79, 83] | 150x [100x, 200x] | 10 [10, 10] | 15 [10, 20] | 5.5 [5, 6] |"));
    }
}
