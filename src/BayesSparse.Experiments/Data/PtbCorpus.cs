using BayesSparse.Text;
namespace BayesSparse.Data;

/// <summary>
/// Penn Treebank, Mikolov's preprocessing, as id streams. Word level: whitespace tokens plus one <c>&lt;eos&gt;</c>
/// per line, vocabulary of the train split (10,000 with <c>&lt;eos&gt;</c>). Char level (<c>ptb.char.*</c>): the
/// space-separated symbols (<c>_</c> marks a word boundary) plus one end-of-line symbol per line (50 symbols).
/// </summary>
/// <param name="Vocabulary">Ids of the train split's symbols, by frequency.</param>
/// <param name="Train">Train stream.</param>
/// <param name="Valid">Validation stream.</param>
/// <param name="Test">Test stream.</param>
public sealed record PtbCorpus(Vocabulary Vocabulary, int[] Train, int[] Valid, int[] Test)
{
    /// <summary>The end-of-sentence token of the word level.</summary>
    public const string EndOfSentence = "<eos>";

    /// <summary>The end-of-line symbol of the char level.</summary>
    public const string EndOfLine = "\n";

    private const string Fix = "Put Mikolov's PTB files (ptb.train.txt, ptb.char.train.txt, ... plain or .gz) in <data>/ptb; 'bayes-sparse data download' fetches them";

    /// <summary>Loads the word-level splits from <c>&lt;data&gt;/ptb</c>.</summary>
    public static PtbCorpus LoadWords(DataDirectory data) => Load(data, "ptb.{0}.txt", EndOfSentence,
        line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Loads the char-level splits from <c>&lt;data&gt;/ptb</c>.</summary>
    public static PtbCorpus LoadChars(DataDirectory data) => Load(data, "ptb.char.{0}.txt", EndOfLine,
        line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static PtbCorpus Load(DataDirectory data, string pattern, string endOfLine, Func<string, string[]> split)
    {
        var folder = data.Combine("ptb");
        DataVerifier.Require(data, "ptb");
        List<string> Tokens(string split_)
        {
            var tokens = new List<string>();
            var lines = DataFiles.ReadLines(DataFiles.Require(folder, string.Format(pattern, split_), Fix));
            // The char files end with " \n " (the generating rule's separator): no line follows the last newline.
            if (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
            foreach (var line in lines)
            {
                tokens.AddRange(split(line));
                tokens.Add(endOfLine);
            }
            return tokens;
        }
        var train = Tokens("train");
        var vocabulary = Vocabulary.Build(train);
        int[] Encode(List<string> tokens, string split_) => tokens.Select(t => vocabulary.IdOf(t) ?? throw new DataException(
            Path.Combine(folder, string.Format(pattern, split_)), $"symbol '{t}' does not occur in the train split",
            "The PTB splits must come from the same preprocessing; download them again")).ToArray();
        return new PtbCorpus(vocabulary, Encode(train, "train"), Encode(Tokens("valid"), "valid"), Encode(Tokens("test"), "test"));
    }
}
