namespace BayesSparse.Models;

/// <summary>The models of the paper's Table 1.</summary>
public enum ModelKind
{
    /// <summary>Plain LSTM, no sparsification.</summary>
    Original,

    /// <summary>SparseVD on the weights.</summary>
    W,

    /// <summary>SparseVD on weights and neurons (z^x, z^h, and the vocabulary for classifiers).</summary>
    WN,

    /// <summary>SparseVD on weights, neurons and gates.</summary>
    WGN,

    /// <summary>The plain model with Narang et al.'s gradual magnitude pruning.</summary>
    PruneNarang,

    /// <summary>The plain model with automated gradual pruning (Zhu &amp; Gupta) to a target sparsity.</summary>
    PruneAgp,
}
