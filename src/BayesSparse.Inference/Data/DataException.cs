namespace BayesSparse.Data;

/// <summary>
/// A data file is missing, corrupt or malformed. The message is one line naming the file, the problem and the
/// fix; the CLI prints it and exits with code 2.
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="file">The file or folder concerned.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="fix">What the user can do.</param>
    public DataException(string file, string problem, string fix) : base($"{file}: {problem}. {fix}")
    {
        File = file;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file or folder concerned.</summary>
    public string File { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What the user can do.</summary>
    public string Fix { get; }

    /// <summary>Throws unless <paramref name="path"/> is a folder, saying whether it is missing or a file.</summary>
    /// <exception cref="DataException">It does not exist, or is a file; the message ends with <paramref name="fix"/>.</exception>
    public static void RequireFolder(string path, string fix)
    {
        if (!Directory.Exists(path)) throw new DataException(path, System.IO.File.Exists(path) ? "is a file, not a folder" : "does not exist", fix);
    }

    /// <summary>Throws unless <paramref name="path"/> is a file, saying whether it is missing or a folder.</summary>
    /// <exception cref="DataException">It does not exist, or is a folder; the message ends with <paramref name="fix"/>.</exception>
    public static void RequireFile(string path, string fix)
    {
        if (!System.IO.File.Exists(path)) throw new DataException(path, Directory.Exists(path) ? "is a folder, not a file" : "does not exist", fix);
    }
}
