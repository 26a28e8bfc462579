using System.IO.Compression;
using SharpCompress.Compressors.Xz;

namespace BayesSparse.Data;

/// <summary>Finds a logical data file in its plain, <c>.gz</c> or <c>.xz</c> form and opens it as text.</summary>
public static class DataFiles
{
    /// <summary>The first of <c>name</c>, <c>name.gz</c>, <c>name.xz</c> under <paramref name="folder"/>, or null.</summary>
    public static string? Find(string folder, string name) =>
        new[] { name, name + ".gz", name + ".xz" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    /// <summary>Like <see cref="Find"/>, but a missing file is a <see cref="DataException"/> (<see cref="NotFound"/>).</summary>
    public static string Require(string folder, string name, string fix) => Find(folder, name) ?? throw NotFound(folder, name, fix);

    /// <summary>The error for a logical file that <see cref="Find"/> did not find in any of its forms.</summary>
    public static DataException NotFound(string folder, string name, string fix) =>
        new(Path.Combine(folder, name), "not found (nor .gz / .xz)", fix);

    /// <summary>Opens the decompressed bytes of <paramref name="path"/>.</summary>
    public static Stream OpenRead(string path)
    {
        var file = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return new GZipStream(file, CompressionMode.Decompress);
        if (path.EndsWith(".xz", StringComparison.OrdinalIgnoreCase)) return new XZStream(file);
        return file;
    }

    /// <summary>
    /// Reads every line, turning a truncated or corrupt compressed file into a <see cref="DataException"/>.
    /// </summary>
    public static List<string> ReadLines(string path)
    {
        try
        {
            using var reader = new StreamReader(OpenRead(path));
            var lines = new List<string>();
            while (reader.ReadLine() is { } line) lines.Add(line);
            return lines;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException
                                      or SharpCompress.Common.IncompleteArchiveException or InvalidOperationException
                                      or IndexOutOfRangeException or ArgumentException)
        {
            throw new DataException(path, $"cannot be read ({e.Message.TrimEnd('.')}); the file is corrupt or truncated",
                "Download it again ('bayes-sparse data download') and run 'bayes-sparse data verify'");
        }
    }
}
