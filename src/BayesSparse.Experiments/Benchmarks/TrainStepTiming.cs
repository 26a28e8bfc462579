namespace BayesSparse.Benchmarks;

/// <summary>One row of <c>bench train-step</c>.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Model">Table 1 model (original, w, wn, wgn).</param>
/// <param name="Mode">Training noise mode (fused for the Original).</param>
/// <param name="MsMedian">Median step time in milliseconds.</param>
/// <param name="MsMin">Fastest step.</param>
/// <param name="RatioToOriginal">Median over the Original's median in the same run.</param>
/// <param name="LiveTensorDelta">Live tensors after the timed steps minus before (0 = memory flat).</param>
/// <param name="Batch">What the models trained on: <c>random</c> tokens or the first real batch (<c>data</c>).</param>
/// <param name="Device">Where they trained: <c>cpu</c>, <c>cuda:0</c>, ...</param>
public sealed record TrainStepTiming(string Task, string Model, string Mode, double MsMedian, double MsMin,
    double RatioToOriginal, long LiveTensorDelta, string Batch, string Device = "cpu");
