using System.Security.Cryptography;
using System.Text.Json;
using BayesSparse.Inference;

namespace BayesSparse.Data;

/// <summary>
/// Checks a data folder: every file of the paper's data sets is present and matches its published checksum.
/// Files listed in a <c>SHA256SUMS</c> in the folder are checked against it (the staged compressed copies and the
/// repository's slices carry one); otherwise the md5 of the decompressed content is compared with the
/// reference md5 (torchtext's, as docs/data.md lists). Results are cached by path, size and modification
/// time, so a second verification reads nothing.
/// </summary>
public static class DataVerifier
{
    /// <summary>Status of one expected file.</summary>
    public enum Status
    {
        /// <summary>Present and its checksum matches.</summary>
        Ok,

        /// <summary>Present; no checksum to compare (for example the aclImdb folder).</summary>
        Present,

        /// <summary>Not found.</summary>
        Missing,

        /// <summary>Present but its checksum differs.</summary>
        ChecksumMismatch,
    }

    /// <summary>One row of the verification table.</summary>
    /// <param name="DataSet">ptb, imdb or agnews.</param>
    /// <param name="File">Logical file name.</param>
    /// <param name="Path">What was found, or null.</param>
    /// <param name="Status">Outcome.</param>
    /// <param name="Detail">Checksum used, or what is wrong.</param>
    /// <param name="Optional">Whether the task runs without the file (AG News' train split, which has a stand-in).</param>
    public sealed record Entry(string DataSet, string File, string? Path, Status Status, string Detail, bool Optional);

    /// <summary>Reference md5 of the decompressed content of each logical file (docs/data.md).</summary>
    public static readonly IReadOnlyList<(string DataSet, string File, string? Md5, bool Optional)> Expected =
    [
        ("ptb", "ptb.train.txt", "f26c4b92c5fdc7b3f8c7cdcb991d8420", false),
        ("ptb", "ptb.valid.txt", "aa0affc06ff7c36e977d7cd49e3839bf", false),
        ("ptb", "ptb.test.txt", "8b80168b89c18661a38ef683c0dc3721", false),
        ("ptb", "ptb.char.train.txt", "874909f99060142f6b88cc74c34baaa2", false),
        ("ptb", "ptb.char.valid.txt", "9e0fe5bec2a8bf43fd686dc23d5ab8bb", false),
        ("ptb", "ptb.char.test.txt", "1f9a2d1afe00f76e8bfbe09a65439681", false),
        ("imdb", "imdb_train.tsv", "c05a1aacfdee14654bcd488d71b8775b", false),
        ("imdb", "imdb_test.tsv", "cab78b613a8f775048b9f21c90e60882", false),
        ("agnews", "train.csv", "b1a00f826fdfbd249f79597b59e1dc12", true),
        ("agnews", "test.csv", "d52ea96a97a2d943681189a97654912d", false),
    ];

    /// <summary>Verifies <paramref name="data"/>; see the class summary.</summary>
    /// <param name="data">The folder.</param>
    /// <param name="dataSets">Only these data sets (ptb, imdb, agnews); all when empty.</param>
    public static List<Entry> Verify(DataDirectory data, params string[] dataSets)
    {
        var sums = ReadSha256Sums(data.Combine("SHA256SUMS"));
        var cache = VerificationCache.Load();
        var entries = new List<Entry>();
        foreach (var (set, file, md5, optional) in Expected.Where(e => dataSets.Length == 0 || dataSets.Contains(e.DataSet)))
        {
            var folder = data.Combine(set);
            var path = DataFiles.Find(folder, file);
            if (path is null && set == "imdb" && Directory.Exists(Path.Combine(folder, "aclImdb", file.Contains("train") ? "train" : "test")))
            {
                entries.Add(new Entry(set, file, Path.Combine(folder, "aclImdb"), Status.Present, "original aclImdb folder (no checksum)", optional));
                continue;
            }
            if (path is null)
            {
                entries.Add(new Entry(set, file, null, Status.Missing, optional ? "optional: AGNews then needs --agnews-standin" : "required", optional));
                continue;
            }
            var relative = Path.GetRelativePath(data.Path, path).Replace('\\', '/');
            var (algorithm, expected) = sums.TryGetValue(relative, out var sha) ? ("sha256", sha) : ("md5 of content", md5!);
            var actual = cache.Get(path, algorithm) ?? cache.Put(path, algorithm, algorithm == "sha256" ? Sha256(path) : ContentMd5(path));
            entries.Add(actual == expected
                ? new Entry(set, file, path, Status.Ok, algorithm, optional)
                : new Entry(set, file, path, Status.ChecksumMismatch, $"{algorithm} {actual}, expected {expected}", optional));
        }
        cache.Save();
        return entries;
    }

    /// <summary>Throws a <see cref="DataException"/> for the first checksum mismatch among <paramref name="required"/> data sets.</summary>
    public static void Require(DataDirectory data, params string[] required)
    {
        if (FirstFailure(data, Verify(data, required), missingFails: false) is { } error) throw error;
    }

    /// <summary>
    /// The error for the first failed entry of <paramref name="entries"/>: a checksum mismatch, or, when
    /// <paramref name="missingFails"/>, a file the task cannot run without that was not found; null when none failed.
    /// </summary>
    public static DataException? FirstFailure(DataDirectory data, IEnumerable<Entry> entries, bool missingFails) =>
        entries.FirstOrDefault(e => e.Status == Status.ChecksumMismatch || (missingFails && e.Status == Status.Missing && !e.Optional)) switch
        {
            null => null,
            { Status: Status.ChecksumMismatch } e => new DataException(e.Path!,
                $"checksum mismatch ({e.Detail}): the file is corrupt or truncated, or another version",
                "Download it again with 'bayes-sparse data download' and run 'bayes-sparse data verify'"),
            var e => DataFiles.NotFound(data.Combine(e.DataSet), e.File,
                $"Fetch it with 'bayes-sparse data download --tasks {e.DataSet} --data-dir {data.Path}'"),
        };

    private static Dictionary<string, string> ReadSha256Sums(string path) => !File.Exists(path) ? []
        : File.ReadAllLines(path).Select(l => l.Split("  ", 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[1].Trim(), p => p[0].Trim(), StringComparer.Ordinal);

    /// <summary>The SHA-256 of a file's bytes, lower-case hex.</summary>
    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The md5 of a file's decompressed content, lower-case hex, or "unreadable (...)".</summary>
    internal static string ContentMd5(string path)
    {
        try
        {
            using var stream = DataFiles.OpenRead(path);
            return Convert.ToHexStringLower(MD5.HashData(stream));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or SharpCompress.Common.IncompleteArchiveException)
        {
            return $"unreadable ({e.Message.TrimEnd('.')})";
        }
    }

    /// <summary>Checksums by (path, size, mtime, algorithm) in the user's cache folder.</summary>
    private sealed class VerificationCache
    {
        private static readonly string FilePath = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "bayessparse", "verified.json");

        private readonly Dictionary<string, string> _entries;
        private bool _changed;

        private VerificationCache(Dictionary<string, string> entries) => _entries = entries;

        public static VerificationCache Load()
        {
            try
            {
                return new(File.Exists(FilePath) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath)) ?? [] : []);
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                return new([]); // a damaged cache only costs a re-verification
            }
        }

        public string? Get(string path, string algorithm) => _entries.GetValueOrDefault(Key(path, algorithm));

        public string Put(string path, string algorithm, string checksum)
        {
            if (!checksum.StartsWith("unreadable", StringComparison.Ordinal))
            {
                _entries[Key(path, algorithm)] = checksum;
                _changed = true;
            }
            return checksum;
        }

        public void Save()
        {
            if (!_changed) return;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                AtomicFile.Write(FilePath, stream => JsonSerializer.Serialize(stream, _entries));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Caching is an optimisation; a read-only home only costs time.
            }
        }

        private static string Key(string path, string algorithm)
        {
            var info = new FileInfo(path);
            return $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{algorithm}";
        }
    }
}
