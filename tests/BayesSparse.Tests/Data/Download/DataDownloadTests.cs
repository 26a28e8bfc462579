using System.Security.Cryptography;
using BayesSparse.Data;
using BayesSparse.Data.Download;
using BayesSparse.Tests.Cli;
using NUnit.Framework;
using SharpCompress.Common;
using SharpCompress.Writers;

namespace BayesSparse.Tests.Data.Download;

[TestFixture]
public sealed class DataDownloadTests
{
    private static readonly string[] PtbFiles = ["ptb.train.txt", "ptb.valid.txt"];

    private static byte[] SliceContent(string dataSet, string file)
    {
        using var stream = DataFiles.OpenRead(DataFiles.Find(DataFolders.Slices.Combine(dataSet), file)!);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>simple-examples.tgz as the PTB host lays it out, holding two PTB files of the slices.</summary>
    private static byte[] PtbArchive()
    {
        var path = Path.Combine(DataFolders.Scratch(), "simple-examples.tgz");
        using (var writer = WriterFactory.OpenWriter(path, ArchiveType.Tar, new WriterOptions(CompressionType.GZip)))
            foreach (var file in PtbFiles)
                writer.Write($"simple-examples/data/{file}", new MemoryStream(SliceContent("ptb", file)), DateTime.UnixEpoch);
        return File.ReadAllBytes(path);
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static DataSource PtbSource(LocalHttpServer server, byte[] archive) =>
        new("ptb", server.Url("good", "simple-examples.tgz"), Convert.ToHexStringLower(SHA256.HashData(archive)),
            [.. PtbFiles.Select(f => new DataMember($"simple-examples/data/{f}", $"ptb/{f}", Md5(SliceContent("ptb", f))))]);

    [Test]
    public async Task Should_InstallCheckedFiles_When_TheServerSendsAnArchive()
    {
        // Given a server with a PTB archive and an empty data folder
        var archive = PtbArchive();
        using var server = new LocalHttpServer(new Dictionary<string, byte[]> { ["simple-examples.tgz"] = archive });
        var data = new DataDirectory(Path.Combine(DataFolders.Scratch(), "data"), "test");
        var source = PtbSource(server, archive);

        // When it is fetched and installed
        using var http = new HttpClient();
        var fetched = await new Downloader(http, Path.Combine(DataFolders.Scratch(), "cache")).FetchAsync(source);
        DataInstaller.Install(data, source, fetched);

        // Then the data folder holds exactly the two files, byte for byte, in the readers' layout
        foreach (var file in PtbFiles) Assert.That(File.ReadAllBytes(data.Combine("ptb", file)), Is.EqualTo(SliceContent("ptb", file)));
        Assert.That(Directory.GetFileSystemEntries(data.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "ptb" }));
        Assert.That(DataInstaller.IsInstalled(data, source), Is.True);
    }

    [Test]
    public async Task Should_ContinueWhereItStopped_When_APartialDownloadIsThere()
    {
        // Given the first 1,000 bytes of the archive from an earlier, interrupted download
        var archive = PtbArchive();
        using var server = new LocalHttpServer(new Dictionary<string, byte[]> { ["simple-examples.tgz"] = archive });
        var cache = Path.Combine(DataFolders.Scratch(), "cache");
        Directory.CreateDirectory(cache);
        File.WriteAllBytes(Path.Combine(cache, "simple-examples.tgz.part"), archive[..1000]);

        // When it is fetched again
        using var http = new HttpClient();
        var fetched = await new Downloader(http, cache).FetchAsync(PtbSource(server, archive));

        // Then only the rest was asked for, and the file is whole (its SHA-256 was checked)
        Assert.That(server.Ranges, Is.EqualTo(new[] { "bytes=1000-" }));
        Assert.That(File.ReadAllBytes(fetched), Is.EqualTo(archive));
    }

    [TestCase("corrupt", "checksum mismatch", false)]
    [TestCase("truncated", "the download stopped after", true)]
    [TestCase("error", "the server answered 500", false)]
    public void Should_StopInOneLineAndLeaveNothingInTheDataFolder_When_TheDownloadFails(string behaviour, string expected, bool resumable)
    {
        // Given a server whose AG News files are corrupt, cut short or unavailable
        var csv = SliceContent("agnews", "test.csv");
        using var server = new LocalHttpServer(new Dictionary<string, byte[]> { ["train.csv"] = csv, ["test.csv"] = csv });
        var (data, cache) = (Path.Combine(DataFolders.Scratch(), "data"), Path.Combine(DataFolders.Scratch(), "cache"));

        // When the tool downloads AG News from it
        var result = CliHarness.Run("data", "download", "--tasks", "agnews", "--mirror", new Uri(server.BaseUrl, behaviour + "/").ToString(),
            "--data-dir", data, "--download-cache", cache);

        // Then one line, exit code 2, no data folder; a cut-short download waits in the cache to be continued
        CliHarness.AssertRefused(result, expected);
        Assert.That(Directory.Exists(data), Is.False);
        Assert.That(File.Exists(Path.Combine(cache, "train.csv.part")), Is.EqualTo(resumable));
    }
}
