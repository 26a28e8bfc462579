using BayesSparse.Data;
using BayesSparse.Text;
using NUnit.Framework;

namespace BayesSparse.Tests.Data;

[TestFixture]
public sealed class TextClassificationDataTests
{
    [Test]
    public void Should_ReadBothClasses_When_ReadingTheImdbSlice()
    {
        var train = ImdbReader.Read(DataFolders.Slices, "train");
        Assert.That(train, Has.Count.EqualTo(120));
        Assert.That(train.Count(r => r.Label == 1), Is.EqualTo(60));
    }

    [TestCase(@"a\tb", "a\tb")]
    [TestCase(@"a\\tb", @"a\tb")] // an escaped backslash before a t is a backslash and a t
    [TestCase(@"d\ne\rf", "d\ne\rf")]
    [TestCase("plain text", "plain text")]
    public void Should_UndoTheTsvEscapes_When_ReadingImdbText(string field, string text) =>
        Assert.That(ImdbReader.Unescape(field), Is.EqualTo(text));

    [Test]
    public void Should_Have25000ReviewsPerSplit_12500PerClass_When_ReadingFullImdb()
    {
        var data = DataFolders.Full;
        foreach (var split in new[] { "train", "test" })
        {
            var rows = ImdbReader.Read(data, split);
            Assert.That(rows, Has.Count.EqualTo(25_000), split);
            Assert.That(rows.Count(r => r.Label == 1), Is.EqualTo(12_500), split);
        }
    }

    [Test]
    public void Should_Have7600TestRows_1900PerClass_When_ReadingFullAgNews()
    {
        var rows = AgNewsReader.Read(DataFolders.Full, "test");
        Assert.That(rows, Has.Count.EqualTo(7_600));
        Assert.That(rows.GroupBy(r => r.Label).Select(g => g.Count()), Is.All.EqualTo(1_900));
    }

    [Test]
    public void Should_EncodeStartPlusFirstTokens_LeftPadded_When_Encoding()
    {
        var vocabulary = new Vocabulary([.. ClassifierInput.Reserved, "good", "film"]);
        var rows = new List<LabelledText> { new("Good film<br />good", 1), new("a b c d e f", 0) };
        var encoded = TextClassificationData.Encode(rows, vocabulary, steps: 5);
        Assert.That(encoded.Tokens[..5], Is.EqualTo(new[] { 0, 1, 3, 4, 3 }), "pad, start, good, film, good");
        Assert.That(encoded.Tokens[5..], Is.EqualTo(new[] { 1, 2, 2, 2, 2 }), "start then the first 4 tokens, all OOV");
    }

    [Test]
    public void Should_SplitValidationAndBuildVocabulary_When_LoadingImdbSlice()
    {
        var data = TextClassificationData.Load("imdb", DataFolders.Slices);
        Assert.That(data.Train.Count + data.Valid.Count, Is.EqualTo(120));
        Assert.That(data.Valid.Count, Is.EqualTo(18), "15% of 120");
        Assert.That(data.Test.Count, Is.EqualTo(120));
        Assert.That(data.Vocabulary.Words.Take(3), Is.EqualTo(ClassifierInput.Reserved));
        Assert.That(data.Train.Steps, Is.EqualTo(200));
        var again = TextClassificationData.Load("imdb", DataFolders.Slices);
        Assert.That(again.Vocabulary.Words, Is.EqualTo(data.Vocabulary.Words), "deterministic");
        Assert.That(again.Valid.Labels, Is.EqualTo(data.Valid.Labels), "deterministic split");
    }

    [Test]
    public void Should_RequireOptIn_And_SayStandIn_When_AgNewsTrainIsMissing()
    {
        var error = Assert.Throws<DataException>(() => TextClassificationData.Load("agnews", DataFolders.Slices))!;
        Assert.That(error.Message, Does.Contain("train.csv").And.Contain("--agnews-standin"));

        var data = TextClassificationData.Load("agnews", DataFolders.Slices, agNewsStandIn: true);
        Assert.That(data.StandIn, Is.True);
        Assert.That(data.Test.Count, Is.EqualTo(100), "25% of 400 test rows");
        Assert.That(data.Test.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(25), "stratified");
    }

    [Test]
    public void Should_NameTheLine_When_ImdbRowIsMalformed()
    {
        var folder = DataFolders.Scratch();
        Directory.CreateDirectory(Path.Combine(folder, "imdb"));
        var path = Path.Combine(folder, "imdb", "imdb_train.tsv");
        File.WriteAllText(path, "label\trating\tfile\ttext\n1\t9\ttrain/pos/0_9.txt\tfine\n7\tbroken\n");
        // A folder of one's own files lists their checksums in SHA256SUMS, as the slices do.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        File.WriteAllText(Path.Combine(folder, "SHA256SUMS"), $"{sha}  imdb/imdb_train.tsv\n");
        var error = Assert.Throws<DataException>(() => ImdbReader.Read(new DataDirectory(folder, "test"), "train"))!;
        Assert.That(error.Message, Does.Contain("line 3 is malformed"));
    }

    [Test]
    public void Should_BreakTiesByOrdinal_When_BuildingVocabulary()
    {
        var vocabulary = Vocabulary.Build(["b", "a", "c", "a", "b", "d"], maxWords: 3, reserved: ["<pad>"]);
        Assert.That(vocabulary.Words, Is.EqualTo(new[] { "<pad>", "a", "b", "c" }));
    }
}
