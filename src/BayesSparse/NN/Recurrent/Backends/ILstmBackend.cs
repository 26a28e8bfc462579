using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>
/// One way to compute an LSTM recurrence. Every backend computes what <see cref="PerStepLstm.Reference"/> defines (the
/// conformance test <c>LstmBackendConformanceTests</c> runs each against it); they differ in speed and in what they
/// support. <see cref="LstmBackends.Choose"/> is the one rule that picks among them.
/// </summary>
public interface ILstmBackend
{
    /// <summary>A short name, recorded by the layer that ran it.</summary>
    string Name { get; }

    /// <summary>Whether this backend computes <paramref name="run"/> (its z shared or per sequence, its gate function, training or eval).</summary>
    bool Supports(LstmRun run);

    /// <summary>Runs the recurrence: outputs h_t with z^h, (B, T, H); the last state before z^h and the last cell, (B, H).</summary>
    (Tensor Output, Tensor H, Tensor C) Run(LstmRun run);
}
