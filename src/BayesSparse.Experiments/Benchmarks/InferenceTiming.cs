namespace BayesSparse.Benchmarks;

/// <summary>One row of <c>bench inference</c>.</summary>
/// <param name="Engine">What ran.</param>
/// <param name="Batch">Sequences processed together.</param>
/// <param name="StepsPerCall">Tokens of each sequence per forward call: the whole sequence, or 1 (token by token, state carried, as in generation).</param>
/// <param name="MsPerToken">Median milliseconds per time step of the whole batch.</param>
/// <param name="TokensPerSecond">Throughput.</param>
/// <param name="SpeedUp">Dense ms per step over this engine's, same batch and steps per call.</param>
/// <param name="IdealFlopRatio">Dense multiply-adds per token over this engine's.</param>
public sealed record InferenceTiming(string Engine, int Batch, int StepsPerCall, double MsPerToken, double TokensPerSecond, double SpeedUp, double IdealFlopRatio);
