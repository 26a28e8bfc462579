using BayesSparse.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Data;

[TestFixture]
public sealed class DataVerifierTests
{
    [Test]
    public void Should_PassSlices_And_ListMissingFiles_When_VerifyingTheSlices()
    {
        var entries = DataVerifier.Verify(DataFolders.Slices);
        Assert.That(entries.Where(e => e.Path is not null).Select(e => e.Status), Is.All.EqualTo(DataVerifier.Status.Ok));
        Assert.That(entries.Single(e => e.File == "train.csv").Status, Is.EqualTo(DataVerifier.Status.Missing));
    }

    [Test]
    public void Should_DetectChecksumMismatch_When_FileIsAltered()
    {
        // Given a copy of the slices with one byte of a PTB file changed
        var folder = DataFolders.Scratch();
        foreach (var file in Directory.GetFiles(DataFolders.Slices.Path, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(DataFolders.Slices.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var altered = Path.Combine(folder, "ptb", "ptb.valid.txt.gz");
        var bytes = File.ReadAllBytes(altered);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(altered, bytes);

        var data = new DataDirectory(folder, "test");
        Assert.That(DataVerifier.Verify(data).Single(e => e.File == "ptb.valid.txt").Status, Is.EqualTo(DataVerifier.Status.ChecksumMismatch));
        var error = Assert.Throws<DataException>(() => DataVerifier.Require(data, "ptb"))!;
        Assert.That(error.Message, Does.Contain("ptb.valid.txt.gz").And.Contain("checksum mismatch"));
    }

    [Test]
    public void Should_MatchPublishedChecksums_When_VerifyingFullData()
    {
        // The published content md5s themselves (torchtext's), computed afresh: no SHA256SUMS, no cache
        var data = DataFolders.Full;
        var checkedFiles = 0;
        foreach (var (set, file, md5, _) in DataVerifier.Expected)
        {
            var path = DataFiles.Find(data.Combine(set), file);
            if (path is null) continue; // AGNews' train split is not staged
            Assert.That(DataVerifier.ContentMd5(path), Is.EqualTo(md5), path);
            checkedFiles++;
        }
        Assert.That(checkedFiles, Is.EqualTo(DataVerifier.Expected.Count - 1));
    }
}
