namespace BayesSparse.Experiments;

/// <summary>
/// How a run's weights started, recorded in its checkpoint state and <c>metrics.json</c>: cold (the model's own
/// initialisation), from a finished run's trained weights, and/or with the embedding rows from word vectors.
/// </summary>
/// <param name="InitFrom">The run folder the weights came from, or null.</param>
/// <param name="InitModel">That run's model kind, or null.</param>
/// <param name="InitEpochs">Epochs that run trained: counted in this run's epoch total when comparing at equal epochs.</param>
/// <param name="Embeddings">The vectors file the embedding rows came from, or null.</param>
/// <param name="EmbeddingsMatched">Vocabulary entries that file had a vector for, or null.</param>
public sealed record RunStart(string? InitFrom = null, string? InitModel = null, int InitEpochs = 0, string? Embeddings = null,
    int? EmbeddingsMatched = null)
{
    /// <summary>The model's own initialisation.</summary>
    public static RunStart Cold { get; } = new();

    /// <summary>One phrase for tables: "cold", "original run (3 ep)", "vectors glove.txt (19641 words)", or both.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (InitFrom is not null) parts.Add($"{InitModel} run ({InitEpochs} ep)");
        if (Embeddings is not null) parts.Add($"vectors {Path.GetFileName(Embeddings)} ({EmbeddingsMatched} words)");
        return parts.Count == 0 ? "cold" : string.Join(" + ", parts);
    }
}
