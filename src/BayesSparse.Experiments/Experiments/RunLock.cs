using BayesSparse.Data;

namespace BayesSparse.Experiments;

/// <summary>
/// An exclusive lock on a run folder (<c>.lock</c>, held open without sharing), so two processes cannot write the
/// same run. The operating system releases it when the process ends, however it ends, so a killed run leaves no
/// stale lock behind.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="folder"/> (which must exist).</summary>
    /// <exception cref="DataException">Another process holds it.</exception>
    public static RunLock Acquire(string folder)
    {
        var path = PathIn(folder);
        try
        {
            return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new DataException(folder, "is being written by another process", "Wait for it to finish, or choose another --out");
        }
    }

    /// <summary>The lock file of a run folder.</summary>
    public static string PathIn(string folder) => Path.Combine(folder, ".lock");

    /// <summary>Whether a process holds the lock of <paramref name="folder"/> now (it is training the run).</summary>
    public static bool IsHeld(string folder)
    {
        var path = PathIn(folder);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
