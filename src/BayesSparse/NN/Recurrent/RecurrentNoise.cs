namespace BayesSparse.NN.Recurrent;

/// <summary>How a recurrent SparseVD layer samples in training mode.</summary>
public enum RecurrentNoise
{
    /// <summary>
    /// As the authors' code: one weight sample per mini-batch, group variables z sampled once per sequence
    /// (shape batch x dim) and reused at every step. Runs a per-step cell.
    /// </summary>
    Faithful,

    /// <summary>
    /// Weights and z sampled once per mini-batch, so every sample folds into effective weight matrices and the
    /// recurrence runs in libtorch's fused kernel. Same expectation, a little more gradient variance.
    /// </summary>
    Fast,
}
