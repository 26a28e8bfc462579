using BayesSparse.Sparsity;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>A layer whose weights (and group variables) carry SparseVD posteriors.</summary>
public interface ISparseVDModule
{
    /// <summary>The layer's hyper-parameters.</summary>
    SparseVDOptions Options { get; }

    /// <summary>KL of this layer's posteriors to the log-uniform prior, a scalar in nats (not scaled).</summary>
    Tensor KlDivergence();

    /// <summary>Boolean keep masks keyed by parameter name (<c>weight</c>, <c>z_hidden</c>, ...).</summary>
    IReadOnlyDictionary<string, Tensor> Mask();

    /// <summary>The counted weight matrices of this layer (biases and z are not counted).</summary>
    IEnumerable<WeightSparsity> Sparsity();
}
