using System.Globalization;
using System.Text;

namespace BayesSparse.Data;

/// <summary>
/// Pretrained word vectors read from a word2vec file (binary or text, with its "count width" header) or a GloVe
/// text file (no header), keeping only the words asked for, so a 3-million-word file needs memory for the
/// vocabulary only.
/// </summary>
public sealed class WordVectors
{
    private WordVectors(int width, Dictionary<string, float[]> vectors) => (Width, Vectors) = (width, vectors);

    /// <summary>Vector width.</summary>
    public int Width { get; }

    /// <summary>The vectors of the requested words the file has.</summary>
    public IReadOnlyDictionary<string, float[]> Vectors { get; }

    /// <summary>Reads the vectors of <paramref name="wanted"/> words from <paramref name="path"/>.</summary>
    /// <exception cref="DataException">Missing or unreadable file, or inconsistent widths (one line).</exception>
    public static WordVectors Read(string path, IReadOnlySet<string> wanted)
    {
        if (!File.Exists(path)) throw new DataException(path, "not found", "Pass a word2vec (.bin or .txt) or GloVe (.txt) vectors file");
        try
        {
            using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
            var first = ReadToken(stream, '\n') ?? throw new FormatException("the file is empty");
            var header = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool word2vec = header.Length == 2 && int.TryParse(header[0], out _) && int.TryParse(header[1], out _);
            if (!word2vec) return ReadText(stream, first, width: null, wanted);
            int width = int.Parse(header[1], CultureInfo.InvariantCulture);
            if (width < 1) throw new FormatException($"the header gives a vector width of {width}");
            return IsBinary(stream, width) ? ReadBinary(stream, width, wanted) : ReadText(stream, null, width, wanted);
        }
        catch (Exception e) when (e is FormatException or IOException or OverflowException)
        {
            throw new DataException(path, $"is not a readable word2vec or GloVe vectors file ({e.Message.TrimEnd('.')})",
                "Pass a word2vec binary, word2vec text or GloVe text file");
        }
    }

    private static WordVectors ReadText(Stream stream, string? firstLine, int? width, IReadOnlySet<string> wanted)
    {
        var vectors = new Dictionary<string, float[]>();
        long lineNumber = firstLine is null ? 1 : 0;
        for (var line = firstLine ?? ReadToken(stream, '\n'); line is not null; line = ReadToken(stream, '\n'))
        {
            lineNumber++;
            var fields = line.TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            width ??= fields.Length - 1;
            if (fields.Length - 1 != width)
                throw new FormatException($"line {lineNumber} has {fields.Length - 1} values where the file's width is {width}");
            if (!wanted.Contains(fields[0]) || vectors.ContainsKey(fields[0])) continue;
            var vector = new float[width.Value];
            for (int i = 0; i < vector.Length; i++)
                vector[i] = float.Parse(fields[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
            vectors[fields[0]] = vector;
        }
        if (width is null) throw new FormatException("the file has no vectors");
        return new WordVectors(width.Value, vectors);
    }

    private static WordVectors ReadBinary(Stream stream, int width, IReadOnlySet<string> wanted)
    {
        var vectors = new Dictionary<string, float[]>();
        var bytes = new byte[4 * width];
        for (var word = ReadToken(stream, ' '); word is not null; word = ReadToken(stream, ' '))
        {
            word = word.Trim('\n', '\r');
            if (word.Length == 0) continue;
            stream.ReadExactly(bytes);
            if (!wanted.Contains(word) || vectors.ContainsKey(word)) continue;
            var vector = new float[width];
            Buffer.BlockCopy(bytes, 0, vector, 0, bytes.Length);
            vectors[word] = vector;
        }
        return new WordVectors(width, vectors);
    }

    /// <summary>Whether the vector after the first word is raw float32 (binary word2vec) rather than text.</summary>
    private static bool IsBinary(Stream stream, int width)
    {
        long start = stream.Position;
        var word = ReadToken(stream, ' ');
        var sample = new byte[4 * width];
        int read = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (word is null) throw new FormatException("the file has a header but no vectors");
        // Text: the rest of the line is `width` numbers. Raw floats almost never look like that.
        var span = sample.AsSpan(0, read);
        int end = span.IndexOf((byte)'\n');
        var line = end >= 0 ? span[..end] : span;
        if (line.ContainsAnyExcept("0123456789+-.eE \r\tnaifNAIF"u8)) return true;
        return end >= 0 && Encoding.ASCII.GetString(line).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != width;
    }

    /// <summary>UTF-8 text up to <paramref name="separator"/> (consumed), or null at the end of the stream.</summary>
    private static string? ReadToken(Stream stream, char separator)
    {
        var buffer = new List<byte>(64);
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != separator) buffer.Add((byte)b);
        return b < 0 && buffer.Count == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
    }
}
