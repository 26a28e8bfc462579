using System.Security.Cryptography;
using System.Text;
using BayesSparse.Data;

namespace BayesSparse.Inference;

/// <summary>
/// The container of a compressed model: magic "BSPZ", format version, model kind, payload length, payload, and a
/// SHA-256 of everything before it (header included, so a changed model kind fails the check). Written to a
/// temporary file and renamed, so a crash never leaves half a model. Loading refuses bytes after the checksum and a
/// payload the model does not read to its end.
/// </summary>
internal static class ModelFile
{
    private const string Magic = "BSPZ";
    private const int FormatVersion = 4; // 4: the LSTM's gate activation
    private const int HeaderSize = 4 + 4 + 1 + 8;
    private const int ChecksumSize = 32;
    private const string Fix = "Re-create it with 'bayes-sparse compress'";

    /// <summary>Writes the file; <paramref name="payload"/> writes the model.</summary>
    public static void Save(string path, byte kind, Action<BinaryWriter> payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(FormatVersion);
            writer.Write(kind);
            writer.Write(0L); // payload length, filled in below
            payload(writer);
            writer.Seek(HeaderSize - 8, SeekOrigin.Begin);
            writer.Write(buffer.Length - HeaderSize);
        }
        var bytes = buffer.ToArray();
        AtomicFile.Write(path, file =>
        {
            file.Write(bytes);
            file.Write(SHA256.HashData(bytes));
        });
    }

    /// <summary>
    /// Reads a file written by <see cref="Save"/>. Every failure (foreign, truncated, extended or corrupt file, a
    /// payload the model rejects) is a one-line <see cref="DataException"/> naming the file.
    /// </summary>
    public static T Load<T>(string path, Func<byte, BinaryReader, T> payload)
    {
        DataException.RequireFile(path, "Pass a file written by 'bayes-sparse compress'");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4 || Encoding.ASCII.GetString(bytes, 0, 4) != Magic) throw new DataException(path, "is not a BayesSparse compressed model", Fix);
        if (bytes.Length >= 8 && BitConverter.ToInt32(bytes, 4) is var version && version != FormatVersion)
            throw new DataException(path, $"has format version {version}, this tool reads {FormatVersion}", Fix);
        if (bytes.Length < HeaderSize + ChecksumSize) throw new DataException(path, "is truncated", Fix);
        long length = BitConverter.ToInt64(bytes, HeaderSize - 8);
        long available = bytes.Length - HeaderSize - ChecksumSize; // compared without adding to length, which may be near 2^63
        if (length < 0 || length > available) throw new DataException(path, "is truncated", Fix);
        if (length < available) throw new DataException(path, $"has {available - length} bytes after its end", Fix);
        var body = bytes.AsSpan(0, (int)(HeaderSize + length));
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan((int)(HeaderSize + length))))
            throw new DataException(path, "fails its checksum (corrupt)", Fix);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, HeaderSize, (int)length, writable: false));
            var model = payload(bytes[8], reader);
            if (reader.BaseStream.Position != length)
                throw new InvalidDataException($"{length - reader.BaseStream.Position} payload bytes were not read");
            return model;
        }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, $"is malformed ({e.Message.Split('\n')[0].TrimEnd('.')})", Fix);
        }
    }
}
