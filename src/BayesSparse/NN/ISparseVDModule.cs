using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>A layer whose weights (and group variables) carry SparseVD posteriors.</summary>
public interface ISparseVDModule : ILayerWeights
{
    /// <summary>The layer's hyper-parameters.</summary>
    SparseVDOptions Options { get; }

    /// <summary>KL of this layer's posteriors to the log-uniform prior, a scalar in nats (not scaled).</summary>
    Tensor KlDivergence();
}
