using BayesSparse.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Data;

/// <summary>word2vec (binary, text) and GloVe (text) files: the asked-for words, the width, and one-line errors.</summary>
[TestFixture]
public sealed class WordVectorsTests
{
    private static readonly HashSet<string> Wanted = ["good", "bad", "film"];

    private static string Write(string name, Action<BinaryWriter> write)
    {
        var path = Path.Combine(DataFolders.Scratch(), name);
        using var writer = new BinaryWriter(File.Create(path));
        write(writer);
        return path;
    }

    private static void Text(BinaryWriter writer, string text) => writer.Write(System.Text.Encoding.UTF8.GetBytes(text));

    [Test]
    public void Should_ReadWord2VecBinary_When_HeaderIsFollowedByFloats()
    {
        // Given a binary word2vec file with three words, one of them not wanted
        var path = Write("vectors.bin", writer =>
        {
            Text(writer, "3 2\n");
            foreach (var (word, a, b) in new[] { ("good", 0.5f, -1f), ("other", 2f, 3f), ("film", 1e-3f, 10f) })
            {
                Text(writer, word + " ");
                writer.Write(a);
                writer.Write(b);
                Text(writer, "\n");
            }
        });

        var vectors = WordVectors.Read(path, Wanted);

        Assert.That(vectors.Width, Is.EqualTo(2));
        Assert.That(vectors.Vectors.Keys, Is.EquivalentTo(new[] { "good", "film" }));
        Assert.That(vectors.Vectors["film"], Is.EqualTo(new[] { 1e-3f, 10f }));
    }

    [TestCase("2 3\ngood 1 2 3\nbad -1 0.5 2e-1\n", TestName = "Should_ReadWord2VecText_When_HeaderIsFollowedByText")]
    [TestCase("good 1 2 3\nbad -1 0.5 2e-1\n", TestName = "Should_ReadGloVe_When_ThereIsNoHeader")]
    public void Should_ReadTextVectors(string content)
    {
        var path = Write("vectors.txt", writer => Text(writer, content));

        var vectors = WordVectors.Read(path, Wanted);

        Assert.That(vectors.Width, Is.EqualTo(3));
        Assert.That(vectors.Vectors["bad"], Is.EqualTo(new[] { -1f, 0.5f, 0.2f }));
    }

    [TestCase("good 1 2 3\nbad 1 2\n", "line 2 has 2 values", TestName = "Should_Refuse_When_WidthsDiffer")]
    [TestCase("good 1 x 3\n", "not a readable", TestName = "Should_Refuse_When_ValueIsNotANumber")]
    [TestCase("", "empty", TestName = "Should_Refuse_When_FileIsEmpty")]
    public void Should_RefuseInOneLine_When_FileIsBad(string content, string expected)
    {
        var path = Write("vectors.txt", writer => Text(writer, content));

        var error = Assert.Throws<DataException>(() => WordVectors.Read(path, Wanted));

        Assert.That(error!.Message, Does.Contain(expected).And.Contain(path).And.Not.Contain("\n"));
    }
}
