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

        // Then the added columns take their defaults, and the neuron counts come from the x-h text
        Assert.That(rows.Single(), Is.EqualTo(new EpochLogRow(1, 308.38, 4522359, 59.22, 1.51, "300-128", 512, 73.3)));
        Assert.That((rows[0].InputNeurons, rows[0].HiddenNeurons), Is.EqualTo(((long?)300, (long?)128)));
    }

    [Test]
    public void Should_WriteTheNeuronCountsAsNumbers_When_ALogIsWritten()
    {
        // Given rows with x-h neuron counts, one of a model that counts no input neurons
        var path = Path.Combine(DataFolders.Scratch(), "epochs.csv");
        CsvFiles.Write(path, [new EpochLogRow(1, 1, 0, 80, 2, "26-8", 11, 3), new EpochLogRow(2, 1, 0, 80, 2, "-8", 11, 3)]);

        // When the file is read as a spreadsheet would read it, column by column
        var lines = File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();
        string Column(int row, string name) => lines[row][Array.IndexOf(lines[0], name)];

        // Then input_neurons and hidden_neurons hold plain numbers (a spreadsheet reads "26-8" as a date), empty where
        // there is no count, and the file still reads back to the same rows
        Assert.That((Column(1, "input_neurons"), Column(1, "hidden_neurons")), Is.EqualTo(("26", "8")));
        Assert.That((Column(2, "input_neurons"), Column(2, "hidden_neurons")), Is.EqualTo(("", "8")));
        Assert.That(CsvFiles.Read<EpochLogRow>(path).Select(r => r.Neurons), Is.EqualTo(new[] { "26-8", "-8" }));
    }
}
