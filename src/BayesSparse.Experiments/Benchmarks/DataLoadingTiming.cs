namespace BayesSparse.Benchmarks;

/// <summary>One row of <c>bench data</c>.</summary>
/// <param name="What">What was timed.</param>
/// <param name="Rows">Documents read.</param>
/// <param name="Tokens">Tokens produced.</param>
/// <param name="Seconds">Wall-clock seconds (verification cached beforehand).</param>
public sealed record DataLoadingTiming(string What, long Rows, long Tokens, double Seconds);
