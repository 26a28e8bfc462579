namespace BayesSparse.Data.Download;

/// <summary>One file to fetch for a data set and what of it lands in the data folder.</summary>
/// <param name="DataSet">ptb, imdb or agnews.</param>
/// <param name="Url">Where to fetch it.</param>
/// <param name="Sha256">The fetched file's SHA-256 (lower-case hex), or null where none is published.</param>
/// <param name="Members">What to install: archive members (or, for a plain file, the file itself: an empty source path).</param>
public sealed record DataSource(string DataSet, Uri Url, string? Sha256, IReadOnlyList<DataMember> Members)
{
    /// <summary>The file name the download is kept under.</summary>
    public string FileName => Path.GetFileName(Url.LocalPath);

    /// <summary>Whether the download is a .tar.gz / .tgz archive.</summary>
    public bool IsArchive => FileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || FileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One installed piece of a download.</summary>
/// <param name="Source">The member's path in the archive, or a folder prefix ending in '/' for a whole folder; empty for a plain file.</param>
/// <param name="Target">Where it lands, relative to the data folder (a folder for a folder prefix).</param>
/// <param name="ContentMd5">The md5 of the installed file's content, or null where none is published.</param>
public sealed record DataMember(string Source, string Target, string? ContentMd5 = null)
{
    /// <summary>Whether this member is a whole folder of the archive.</summary>
    public bool IsFolder => Source.EndsWith('/');
}
