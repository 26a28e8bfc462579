using BayesSparse.Inference;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

[TestFixture]
public sealed class AtomicFileTests
{
    [Test]
    public void Should_ReplaceTheFile_When_TheWriteCompletes()
    {
        var path = Path.Combine(DataFolders.Scratch(), "file.bin");
        File.WriteAllText(path, "old");

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Should_LeaveTheOldFileAndNoTemporary_When_TheWriteFails()
    {
        // Given a file, When a write fails half-way through
        var path = Path.Combine(DataFolders.Scratch(), "file.bin");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new IOException("disk full");
        }));

        // Then the file is as it was and nothing else is beside it
        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Should_WriteTheTextAsFileWriteAllTextDoes_When_TextIsWritten()
    {
        // Given a file, When text with non-ASCII characters is written over it
        var path = Path.Combine(DataFolders.Scratch(), "metrics.json");
        File.WriteAllText(path, "old and longer than the new text");
        AtomicFile.WriteAllText(path, "{\"σ\": 1}");

        // Then the file holds the same bytes File.WriteAllText writes (UTF-8, no byte-order mark), and nothing else is beside it
        var expected = Path.Combine(DataFolders.Scratch(), "expected.json");
        File.WriteAllText(expected, "{\"σ\": 1}");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(File.ReadAllBytes(expected)));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }));
    }
}
