using BayesSparse.Experiments;
using BayesSparse.Reporting;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
public sealed class EpochLogTests
{
    [Test]
    public void Should_ReadAnOlderLog_When_ItLacksTheColumnsAddedSince()
    {
        // Given an epochs.csv as the first logs were written, without resident_mb, vocabulary, parameters and heap_in_use_mb
        var path = Path.Combine(DataFolders.Scratch(), "epochs.csv");
        File.WriteAllText(path, "epoch,train_loss,kl,valid_quality,compression,neurons,gates,seconds\n1,308.38,4522359,59.22,1.51,300-128,512,73.3\n");

        // When it is read
        var rows = CsvFiles.Read<EpochLogRow>(path);

        // Then the added columns take their defaults
        Assert.That(rows.Single(), Is.EqualTo(new EpochLogRow(1, 308.38, 4522359, 59.22, 1.51, "300-128", 512, 73.3)));
    }
}
