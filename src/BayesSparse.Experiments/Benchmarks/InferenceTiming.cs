namespace BayesSparse.Benchmarks;

/// <summary>One row of <c>bench inference</c>.</summary>
/// <param name="Engine">What ran.</param>
/// <param name="Batch">Sequences processed together.</param>
/// <param name="StepsPerCall">Tokens of each sequence per forward call: the whole sequence, or 1 (token by token, state carried, as in generation).</param>
/// <param name="MsPerToken">Median milliseconds per time step of the whole batch.</param>
/// <param name="TokensPerSecond">Throughput.</param>
/// <param name="SpeedUp">Dense TorchSharp ms per step over this engine's, same batch and steps per call.</param>
/// <param name="IdealFlopRatio">Dense multiply-adds per token over this engine's.</param>
/// <param name="MultiplyAddsPerToken">The multiply-adds this engine's model needs per token (nonzero weights used).</param>
/// <param name="PeakMsPerToken">What one step of the batch would take at the machine's measured peak (<see cref="MachinePeak"/>).</param>
/// <param name="FractionOfPeak"><paramref name="PeakMsPerToken"/> over <paramref name="MsPerToken"/>: how close the engine runs to the limit.</param>
/// <param name="SpeedUpOverSmallerDense">The faster of the two neurons-removed dense rows (a smaller dense model on TorchSharp or
/// ONNX Runtime), same batch and steps per call, in ms per step over this engine's: what a user who shrinks the dense
/// model instead would get.</param>
public sealed record InferenceTiming(string Engine, int Batch, int StepsPerCall, double MsPerToken, double TokensPerSecond, double SpeedUp, double IdealFlopRatio,
    long MultiplyAddsPerToken, double PeakMsPerToken, double FractionOfPeak, double SpeedUpOverSmallerDense = double.NaN);
