using BayesSparse.Inference;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// One LSTM recurrence to compute (paper, eq. 2-3), as every <see cref="ILstmBackend"/> takes it: the input, the
/// sample of weights and group variables, the bias, the start state and the gate function.
/// </summary>
/// <param name="Input">Features (B, T, In), or token indices (B, T) read as one-hot over In.</param>
/// <param name="Sample">W^x (4H, In), W^h (4H, H) and the z, each (N, dim) with N = 1 (shared) or B (per sequence).</param>
/// <param name="Bias">b, (4H).</param>
/// <param name="H0">The start state before z^h, (B, H).</param>
/// <param name="C0">The start cell, (B, H).</param>
/// <param name="Gates">σ of the i, f and o gates.</param>
/// <param name="Training">Whether the result will be differentiated (training mode); eval-only backends decline it.</param>
public sealed record LstmRun(Tensor Input, RecurrentSample Sample, Tensor Bias, Tensor H0, Tensor C0, GateActivation Gates, bool Training)
{
    /// <summary>W^x (x * z^x) for every step, (B, T, 4H).</summary>
    public Tensor Projection() => InputProjection.Project(Input, Sample.WeightIh, Sample.ZInput);
}
