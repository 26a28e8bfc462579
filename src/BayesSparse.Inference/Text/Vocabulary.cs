using System.Text.Json;
using BayesSparse.Data;
using BayesSparse.Inference;

namespace BayesSparse.Text;

/// <summary>
/// A deterministic word-to-id map: reserved symbols first, then words by descending frequency, ties broken by
/// ordinal string order. Saved with each model so evaluation encodes exactly as training did.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a vocabulary from an ordered word list (index = id).</summary>
    public Vocabulary(IReadOnlyList<string> words)
    {
        Words = words;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++)
            if (!_ids.TryAdd(words[i], i)) throw new ArgumentException($"duplicate vocabulary entry '{words[i]}'");
    }

    /// <summary>Words by id.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Words.Count;

    /// <summary>The id of <paramref name="word"/>, or null.</summary>
    public int? IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : null;

    /// <summary>
    /// Builds the vocabulary of <paramref name="tokens"/>: <paramref name="reserved"/> first, then at most
    /// <paramref name="maxWords"/> words by count (descending) and ordinal order on ties.
    /// </summary>
    public static Vocabulary Build(IEnumerable<string> tokens, int? maxWords = null, IReadOnlyList<string>? reserved = null)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var token in tokens) counts[token] = counts.GetValueOrDefault(token) + 1;
        reserved ??= [];
        var ranked = counts.Where(p => !reserved.Contains(p.Key))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key);
        if (maxWords is { } max) ranked = ranked.Take(max);
        return new Vocabulary([.. reserved, .. ranked]);
    }

    /// <summary>Writes the word list as JSON.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(Words));

    /// <summary>Reads a vocabulary written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        try
        {
            return new Vocabulary(JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))
                                  ?? throw new JsonException("empty"));
        }
        catch (JsonException e)
        {
            throw new DataException(path, $"is not a vocabulary file ({e.Message})", "Use the vocabulary.json saved beside the model");
        }
    }
}
