using System.Security.Cryptography;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace BayesSparse.Data.Download;

/// <summary>
/// Puts a fetched <see cref="DataSource"/> into a data folder in the layout the readers and <c>data verify</c>
/// expect: its members are unpacked into a staging folder inside the data folder, checked against their content
/// md5s, and only then moved into place. On any failure nothing of it is left (the staging folder is removed).
/// </summary>
public static class DataInstaller
{
    /// <summary>Whether every member of <paramref name="source"/> is already in <paramref name="data"/>.</summary>
    public static bool IsInstalled(DataDirectory data, DataSource source) =>
        source.Members.All(m => File.Exists(data.Combine(m.Target)) || Directory.Exists(data.Combine(m.Target)));

    /// <summary>Installs <paramref name="fetched"/> (the downloaded file) into <paramref name="data"/>; see the class summary.</summary>
    public static void Install(DataDirectory data, DataSource source, string fetched)
    {
        bool created = !data.Exists;
        var staging = data.Combine($".staging-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            if (source.IsArchive) Extract(source, fetched, staging);
            else Copy(fetched, Path.Combine(staging, source.Members.Single().Target));
            foreach (var member in source.Members) Check(source, member, Path.Combine(staging, member.Target));
            foreach (var member in source.Members) Move(Path.Combine(staging, member.Target), data.Combine(member.Target));
        }
        catch when (created)
        {
            Directory.Delete(staging, recursive: true);
            if (!Directory.EnumerateFileSystemEntries(data.Path).Any()) Directory.Delete(data.Path);
            throw;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static void Extract(DataSource source, string archive, string staging)
    {
        try
        {
            using var stream = File.OpenRead(archive);
            using var reader = ReaderFactory.OpenReader(stream);
            while (reader.MoveToNextEntry())
            {
                if (reader.Entry.IsDirectory || reader.Entry.Key is not { } key) continue;
                key = key.Replace('\\', '/').TrimStart('.', '/');
                var target = source.Members.Select(m => TargetOf(m, key)).FirstOrDefault(t => t is not null);
                if (target is null) continue;
                var path = Path.GetFullPath(Path.Combine(staging, target));
                if (!path.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new DataException(source.Url.ToString(), $"the archive member '{key}' points outside the data folder", "Do not use this archive");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var output = File.Create(path);
                reader.WriteEntryTo(output);
            }
        }
        catch (Exception e) when (e is InvalidFormatException or IncompleteArchiveException or ArchiveException or InvalidDataException or EndOfStreamException
                                      or InvalidOperationException)
        {
            throw new DataException(source.Url.ToString(), $"is not a readable .tar.gz archive ({e.Message.TrimEnd('.')})",
                "Delete it from the download cache and run the command again");
        }
    }

    private static string? TargetOf(DataMember member, string key) =>
        member.IsFolder ? key.StartsWith(member.Source, StringComparison.Ordinal) ? $"{member.Target}/{key[member.Source.Length..]}" : null
        : key == member.Source ? member.Target : null;

    private static void Check(DataSource source, DataMember member, string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new DataException(source.Url.ToString(), $"has no '{member.Source}'", "The server sent another file; try again, or another --mirror");
        if (member.ContentMd5 is not { } expected) return;
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(MD5.HashData(stream));
        if (actual != expected)
            throw new DataException(source.Url.ToString(), $"{member.Target}: checksum mismatch (md5 {actual}, expected {expected})",
                "The server sent another version; try again, or another --mirror");
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private static void Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (Directory.Exists(from)) Directory.Move(from, to);
        else File.Move(from, to);
    }
}
