using System.Security.Cryptography;
using System.Text;
using BayesSparse.Data;

namespace BayesSparse.Inference;

/// <summary>
/// The container of a compressed model: magic "BSPZ", format version, model kind, payload length, SHA-256 of the
/// payload, payload. Written to a temporary file and renamed, so a crash never leaves half a model.
/// </summary>
internal static class ModelFile
{
    private const string Magic = "BSPZ";
    private const int FormatVersion = 2;
    private const string Fix = "Re-create it with 'bayes-sparse compress'";

    /// <summary>Writes the file; <paramref name="payload"/> writes the model.</summary>
    public static void Save(string path, byte kind, Action<BinaryWriter> payload)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) payload(writer);
        var bytes = buffer.ToArray();
        var temporary = path + ".tmp";
        using (var file = new BinaryWriter(File.Create(temporary)))
        {
            file.Write(Encoding.ASCII.GetBytes(Magic));
            file.Write(FormatVersion);
            file.Write(kind);
            file.Write((long)bytes.Length);
            file.Write(SHA256.HashData(bytes));
            file.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a foreign, truncated or corrupt file is a <see cref="DataException"/>.</summary>
    public static T Load<T>(string path, Func<byte, BinaryReader, T> payload)
    {
        if (!File.Exists(path)) throw new DataException(path, "does not exist", "Pass a file written by 'bayes-sparse compress'");
        try
        {
            using var file = new BinaryReader(File.OpenRead(path));
            if (Encoding.ASCII.GetString(file.ReadBytes(4)) != Magic) throw new DataException(path, "is not a BayesSparse compressed model", Fix);
            if (file.ReadInt32() is var version && version != FormatVersion) throw new DataException(path, $"has format version {version}, this tool reads {FormatVersion}", Fix);
            byte kind = file.ReadByte();
            long length = file.ReadInt64();
            var checksum = file.ReadBytes(32);
            if (length < 0 || length > file.BaseStream.Length - file.BaseStream.Position) throw new DataException(path, "is truncated", Fix);
            var bytes = file.ReadBytes((int)length);
            if (!SHA256.HashData(bytes).SequenceEqual(checksum)) throw new DataException(path, "fails its checksum (corrupt)", Fix);
            using var reader = new BinaryReader(new MemoryStream(bytes));
            return payload(kind, reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new DataException(path, $"is malformed ({e.Message.TrimEnd('.')})", Fix);
        }
    }
}
