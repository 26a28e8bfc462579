namespace BayesSparse.Text;

/// <summary>
/// How a text classifier reads a document: the reserved ids, then the start id followed by the document's tokens
/// (<see cref="TextTokenizer"/>; out-of-vocabulary words as one id), cut to the model's step count. Training and
/// the compressed runtime both encode through here.
/// </summary>
public static class ClassifierInput
{
    /// <summary>Padding id.</summary>
    public const int Pad = 0;

    /// <summary>Start-of-document id.</summary>
    public const int Start = 1;

    /// <summary>Out-of-vocabulary id.</summary>
    public const int OutOfVocabulary = 2;

    /// <summary>Reserved symbols, in id order.</summary>
    public static readonly string[] Reserved = ["<pad>", "<start>", "<oov>"];

    /// <summary>The ids of one text: start, then its first tokens (OOV for unknown words), cut to <paramref name="steps"/>.</summary>
    public static int[] Encode(string text, Vocabulary vocabulary, int steps) =>
        TextTokenizer.Tokenize(text).Select(w => vocabulary.IdOf(w) ?? OutOfVocabulary).Prepend(Start).Take(steps).ToArray();
}
