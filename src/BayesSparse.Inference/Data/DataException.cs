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
}
