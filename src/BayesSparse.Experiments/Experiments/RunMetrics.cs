namespace BayesSparse.Experiments;

/// <summary>The final numbers of a run, written as <c>metrics.json</c>; one row of Table 1.</summary>
/// <param name="Task">Task.</param>
/// <param name="Model">original, w, wn or wgn.</param>
/// <param name="Profile">Config profile.</param>
/// <param name="QualityName">accuracy, perplexity or bpc.</param>
/// <param name="Valid">Validation quality of the reported model.</param>
/// <param name="Test">Test quality of the reported model.</param>
/// <param name="Compression">|w| / |w != 0|.</param>
/// <param name="Vocabulary">Remaining vocabulary entries (classifiers), or null.</param>
/// <param name="InputNeurons">Remaining input neurons.</param>
/// <param name="HiddenNeurons">Remaining hidden neurons.</param>
/// <param name="Gates">Non-constant gate components.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Seconds">Training seconds.</param>
/// <param name="Note">Protocol note (AGNews stand-in), or null.</param>
/// <param name="Start">How the weights started (null in files written before warm starts: cold).</param>
public sealed record RunMetrics(string Task, string Model, string Profile, string QualityName, double Valid, double Test,
    double Compression, long? Vocabulary, long InputNeurons, long HiddenNeurons, long Gates, int Epochs, double Seconds, string? Note,
    RunStart? Start = null)
{
    /// <summary>Reads a <c>metrics.json</c>.</summary>
    public static RunMetrics Load(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<RunMetrics>(File.ReadAllText(path), Configuration.ExperimentConfig.Json)!;
}
