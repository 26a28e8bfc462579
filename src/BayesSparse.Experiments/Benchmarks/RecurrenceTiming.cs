namespace BayesSparse.Benchmarks;

/// <summary>One row of <c>bench recurrence</c>.</summary>
/// <param name="Backend">The LSTM backend (<c>NN.Recurrent.Backends</c>).</param>
/// <param name="Batch">Sequences per batch.</param>
/// <param name="Steps">Steps per sequence.</param>
/// <param name="Input">Input features per step.</param>
/// <param name="Hidden">Hidden neurons.</param>
/// <param name="ForwardMs">Median forward time (the input product included).</param>
/// <param name="BackwardMs">Median backward time.</param>
/// <param name="TotalMs">Median forward + backward.</param>
/// <param name="RatioToFused">TotalMs over libtorch's fused kernel's at the same width, same run.</param>
public sealed record RecurrenceTiming(string Backend, int Batch, int Steps, int Input, int Hidden, double ForwardMs, double BackwardMs,
    double TotalMs, double RatioToFused);
