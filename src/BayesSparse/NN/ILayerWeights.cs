using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// The one view of a layer's weights that everything outside the layer reads: masks and counts
/// (<see cref="Sparsity.RecurrentMasks"/>, <see cref="Sparsity.SparsityReport"/>), export to the compressed runtime,
/// warm starts (<see cref="Models.TrainedWeights"/>), the gate figure and the pruners. Every SparseVD layer
/// implements it; any other module (the project's dense layers, libtorch's own) is read through
/// <see cref="LayerWeights.Of"/> from its plain parameters, so a new layer type needs no type switch elsewhere.
/// </summary>
public interface ILayerWeights
{
    /// <summary>
    /// The tensors the layer computes with in eval mode, keyed by PyTorch's parameter names: weight matrices
    /// (<c>weight</c>, <c>weight_ih</c>, <c>weight_hh</c>), biases, and the learned group variables
    /// (<c>z_vocabulary</c>, <c>z_input</c>, <c>z_hidden</c>, <c>z_gates</c>). SparseVD tensors are the masked
    /// means (exactly zero where log alpha exceeds the threshold), so "kept" is "nonzero". New tensors, no grad.
    /// </summary>
    IReadOnlyDictionary<string, Tensor> EvalWeights();

    /// <summary>The names of the weight matrices among <see cref="EvalWeights"/>: what is counted and what a pruner prunes.</summary>
    IReadOnlyList<string> WeightMatrices { get; }

    /// <summary>
    /// Starts the layer from trained dense weights named as <see cref="EvalWeights"/> names them, without group
    /// variables: plain parameters are copied; SparseVD weights become posterior means with log sigma by
    /// <see cref="VariationalTensor.ResetFromTrained"/>, and every group variable restarts at mean 1.
    /// </summary>
    /// <exception cref="ArgumentException">A missing or mis-shaped tensor, named.</exception>
    void LoadTrained(TrainedTensors weights);
}
