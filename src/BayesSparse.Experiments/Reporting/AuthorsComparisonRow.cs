namespace BayesSparse.Reporting;

/// <summary>One run at one epoch beside the authors' log (<see cref="AuthorsComparison"/>).</summary>
/// <param name="Run">The run folder.</param>
/// <param name="Epoch">The run's epoch.</param>
/// <param name="Valid">The run's validation quality (accuracy in percent, perplexity, bits per char).</param>
/// <param name="Compression">The run's |w| / |w != 0|.</param>
/// <param name="Hidden">The run's hidden neurons left.</param>
/// <param name="Gates">The run's non-constant gates.</param>
/// <param name="AuthorsEpoch">The authors' logged epoch it is compared with: the one nearest to <paramref name="Epoch"/>, or the
/// first at the run's compression.</param>
/// <param name="AuthorsValid">Their validation quality there, in the run's units.</param>
/// <param name="AuthorsCompression">Their compression there.</param>
/// <param name="AuthorsHidden">Their hidden neurons there.</param>
/// <param name="AuthorsGates">Their non-constant gates there.</param>
/// <param name="ValidDifference">Ours minus theirs (better when positive for accuracy, negative for perplexity and bits).</param>
/// <param name="CompressionRatio">Ours over theirs.</param>
/// <param name="Test">The run's test quality at <paramref name="Epoch"/>, where it read one (<c>training.test_every</c>); else null.</param>
/// <param name="AuthorsTest">Their test quality at <paramref name="AuthorsEpoch"/>, in the run's units.</param>
/// <param name="TestDifference">Ours minus theirs, where the run read its test; else null.</param>
public sealed record AuthorsComparisonRow(string Run, int Epoch, double Valid, double Compression, long Hidden, long Gates, int AuthorsEpoch,
    double AuthorsValid, double AuthorsCompression, long AuthorsHidden, long AuthorsGates, double ValidDifference, double CompressionRatio,
    double? Test = null, double AuthorsTest = double.NaN, double? TestDifference = null);
