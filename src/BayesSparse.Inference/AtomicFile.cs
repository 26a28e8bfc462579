namespace BayesSparse.Inference;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, then renamed over it.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> on a new hidden temporary file beside <paramref name="path"/> (named after this
    /// process, so two processes do not share one), then renames it to <paramref name="path"/>, replacing any file
    /// there. A failure leaves <paramref name="path"/> as it was and removes the temporary file.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = File.Create(temporary)) write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary><see cref="Write"/> of <paramref name="text"/> as UTF-8 without a byte-order mark, as <see cref="File.WriteAllText(string, string?)"/> writes it.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    });
}
