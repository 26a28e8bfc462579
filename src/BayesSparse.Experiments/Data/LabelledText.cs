namespace BayesSparse.Data;

/// <summary>One document and its class (0-based).</summary>
/// <param name="Text">Raw text.</param>
/// <param name="Label">Class id.</param>
public sealed record LabelledText(string Text, int Label);
