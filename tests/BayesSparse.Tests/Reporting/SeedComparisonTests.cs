using BayesSparse.Experiments;
using BayesSparse.Reporting;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Reporting;

[TestFixture]
public sealed class SeedComparisonTests
{
    [Test]
    public void Should_GiveWelchsStatistic_When_TwoSamplesDiffer()
    {
        // Means 2 and 5, variances 1 and 1, three each: t = -3 / sqrt(2/3), df = 4, p = 0.0213 (the t density integrated numerically)
        var (t, df, p) = SeedComparison.Welch([1, 2, 3], [4, 5, 6]);

        Assert.That(t, Is.EqualTo(-3 / Math.Sqrt(2.0 / 3)).Within(1e-12));
        Assert.That(df, Is.EqualTo(4).Within(1e-12));
        Assert.That(p, Is.EqualTo(0.021312).Within(1e-5));
    }

    [Test]
    public void Should_CompareRunsAtEqualEpochs_When_GivenTheirFolders()
    {
        // Given two sets of two runs whose logs differ only in validation accuracy
        string Run(string name, params double[] valid)
        {
            var folder = Path.Combine(DataFolders.Scratch(), name);
            CsvFiles.Write(Path.Combine(folder, "epochs.csv"),
                valid.Select((v, i) => new EpochLogRow(i + 1, 1, 1, v, 10 * (i + 1), "1-1", 1, 1)));
            return folder;
        }
        string[] a = [Run("a1", 50, 60), Run("a2", 52, 62)], b = [Run("b1", 51, 70), Run("b2", 53, 72)];

        // When they are compared at epochs 1 and 2
        var rows = SeedComparison.Compare(a, b, [1, 2]);

        // Then each epoch and metric has a row, with means, ranges and the test
        var valid2 = rows.Single(r => r.Epoch == 2 && r.Metric == "valid_quality");
        Assert.That((valid2.MeanA, valid2.MinB, valid2.MaxB, valid2.MeanAInsideRangeB), Is.EqualTo((61.0, 70.0, 72.0, false)));
        Assert.That(rows.Single(r => r.Epoch == 1 && r.Metric == "valid_quality").MeanAInsideRangeB, Is.True);
        Assert.That(rows.Single(r => r.Epoch == 2 && r.Metric == "compression").PValue, Is.EqualTo(1));
        Assert.Throws<ArgumentException>(() => SeedComparison.Compare(a, b, [3]));
    }
}
