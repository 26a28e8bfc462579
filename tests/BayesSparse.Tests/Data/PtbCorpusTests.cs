using BayesSparse.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Data;

[TestFixture]
public sealed class PtbCorpusTests
{
    [Test]
    public void Should_CountTokensWithOneEosPerLine_When_ReadingTheWordSlice()
    {
        var corpus = PtbCorpus.LoadWords(DataFolders.Slices);
        // 1,000 lines, 20,832 words: 21,832 tokens with one <eos> per line; 3,506 word types + <eos>.
        Assert.That(corpus.Train, Has.Length.EqualTo(21_832));
        Assert.That(corpus.Vocabulary.Count, Is.EqualTo(3_507));
        Assert.That(corpus.Valid, Has.Length.EqualTo(2_201));
        Assert.That(corpus.Vocabulary.Words[0], Is.EqualTo("the"), "most frequent first");
    }

    [Test]
    public void Should_MatchPublishedCounts_When_ReadingFullPtbWord()
    {
        var corpus = PtbCorpus.LoadWords(DataFolders.Full);
        Assert.That(corpus.Train, Has.Length.EqualTo(929_589));
        Assert.That(corpus.Valid, Has.Length.EqualTo(73_760));
        Assert.That(corpus.Test, Has.Length.EqualTo(82_430));
        Assert.That(corpus.Vocabulary.Count, Is.EqualTo(10_000));
        Assert.That(corpus.Vocabulary.IdOf(PtbCorpus.EndOfSentence), Is.Not.Null);
    }

    [Test]
    public void Should_Have50Symbols_When_ReadingFullPtbChar()
    {
        var corpus = PtbCorpus.LoadChars(DataFolders.Full);
        Assert.That(corpus.Vocabulary.Count, Is.EqualTo(50));
        Assert.That(corpus.Train, Has.Length.EqualTo(5_017_482));
    }

    [Test]
    public void Should_SayWhichFileAndWhatToDo_When_PtbIsMissing()
    {
        var error = Assert.Throws<DataException>(() => PtbCorpus.LoadWords(new DataDirectory(DataFolders.Scratch(), "test")))!;
        Assert.That(error.Message, Does.Contain("ptb.train.txt").And.Contain("download"));
    }

    [Test]
    public void Should_ReportCorruption_When_GzipIsTruncated()
    {
        // Given a copy of the word slice whose train file is cut in half
        var folder = DataFolders.Scratch();
        Directory.CreateDirectory(Path.Combine(folder, "ptb"));
        foreach (var file in Directory.GetFiles(DataFolders.Slices.Combine("ptb")))
            File.Copy(file, Path.Combine(folder, "ptb", Path.GetFileName(file)));
        var train = Path.Combine(folder, "ptb", "ptb.train.txt.gz");
        var bytes = File.ReadAllBytes(train);
        File.WriteAllBytes(train, bytes[..(bytes.Length / 2)]);

        // Then loading names the file and calls it corrupt or truncated
        var error = Assert.Throws<DataException>(() => PtbCorpus.LoadWords(new DataDirectory(folder, "test")))!;
        Assert.That(error.File, Is.EqualTo(train));
        Assert.That(error.Message, Does.Contain("corrupt or truncated"));
    }
}
