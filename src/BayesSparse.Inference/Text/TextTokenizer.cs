using System.Text.RegularExpressions;

namespace BayesSparse.Text;

/// <summary>
/// The classifiers' tokenizer: lower-case, HTML line breaks (<c>&lt;br /&gt;</c>) removed, split on <c>\W+</c>
/// (runs of characters that are not letters, digits or underscore), empty pieces dropped.
/// </summary>
public static partial class TextTokenizer
{
    [GeneratedRegex(@"\W+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();

    /// <summary>Tokens of <paramref name="text"/>.</summary>
    public static string[] Tokenize(string text) =>
        NonWord().Split(text.Replace("<br />", " ", StringComparison.Ordinal).ToLowerInvariant())
            .Where(t => t.Length > 0).ToArray();
}
