namespace BayesSparse.Configuration;

/// <summary>What a task trains: a text classifier, or a word- or character-level language model.</summary>
public enum TaskKind
{
    /// <summary>Documents to classes (accuracy).</summary>
    TextClassification,

    /// <summary>Next word, state carried across batches (perplexity).</summary>
    WordLanguageModel,

    /// <summary>Next character (bits per character).</summary>
    CharLanguageModel,
}

/// <summary>A task of Table 1. <see cref="All"/> is the one list of tasks, in the table's order.</summary>
/// <param name="Name">The name in configs, the CLI and run folders.</param>
/// <param name="Kind">What it trains.</param>
/// <param name="DataSet">Its folder in the data directory.</param>
/// <param name="Classes">Class names by label (classifiers), else empty.</param>
/// <param name="Vocabulary">Input symbols of the paper's model: the 20,000 most frequent words plus the reserved ids
/// for classifiers, PTB's 10,000 words or 50 characters (docs/data.md).</param>
/// <param name="TrainSize">Training examples of the full data set (documents, or PTB tokens with one end-of-line per line).</param>
public sealed record PaperTask(string Name, TaskKind Kind, string DataSet, IReadOnlyList<string> Classes, int Vocabulary, long TrainSize)
{
    /// <summary>IMDb sentiment.</summary>
    public static readonly PaperTask Imdb = new("imdb", TaskKind.TextClassification, "imdb", ["negative", "positive"], 20_003, 25_000);

    /// <summary>AG News topics.</summary>
    public static readonly PaperTask AgNews = new("agnews", TaskKind.TextClassification, "agnews", ["World", "Sports", "Business", "Sci/Tech"], 20_003, 120_000);

    /// <summary>Penn Treebank, characters.</summary>
    public static readonly PaperTask PtbChar = new("ptb-char", TaskKind.CharLanguageModel, "ptb", [], 50, 5_017_482);

    /// <summary>Penn Treebank, words.</summary>
    public static readonly PaperTask PtbWord = new("ptb-word", TaskKind.WordLanguageModel, "ptb", [], 10_000, 929_589);

    /// <summary>Every task, in Table 1's order.</summary>
    public static readonly IReadOnlyList<PaperTask> All = [Imdb, AgNews, PtbChar, PtbWord];

    /// <summary>The tasks' names, in Table 1's order.</summary>
    public static string[] Names => [.. All.Select(t => t.Name)];

    /// <summary>The task called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such task (one line naming the valid ones).</exception>
    public static PaperTask Of(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown task '{name}': use {string.Join(", ", Names)}");

    /// <summary>Whether it is a classifier (else a language model).</summary>
    public bool IsClassification => Kind == TaskKind.TextClassification;
}
