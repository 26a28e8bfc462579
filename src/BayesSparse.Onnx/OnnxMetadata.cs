namespace BayesSparse.Onnx;

/// <summary>The metadata keys of an exported model (ONNX <c>metadata_props</c>), so that a reader needs nothing else.</summary>
public static class OnnxMetadata
{
    /// <summary><see cref="Classifier"/> or <see cref="LanguageModel"/>.</summary>
    public const string Kind = "bayessparse.kind";

    /// <summary>The vocabulary, id to symbol, as a JSON array of strings.</summary>
    public const string Words = "bayessparse.words";

    /// <summary>A classifier's class names, by label, as a JSON array.</summary>
    public const string Classes = "bayessparse.classes";

    /// <summary>A classifier's document length: ids read per document (the rest is cut, as in training).</summary>
    public const string Steps = "bayessparse.steps";

    /// <summary>The <see cref="Kind"/> of a text classifier.</summary>
    public const string Classifier = "text-classifier";

    /// <summary>The <see cref="Kind"/> of a language model.</summary>
    public const string LanguageModel = "language-model";
}
