namespace BayesSparse.NN.Recurrent;

/// <summary>
/// Which group variables a recurrent SparseVD layer learns besides its weights (the paper's W, W+N, W+G+N).
/// </summary>
[Flags]
public enum SparsityGroups
{
    /// <summary>"W": weights only.</summary>
    Weights = 0,

    /// <summary>z^x on the input neurons (embedding dimensions; not used by the language models).</summary>
    InputNeurons = 1,

    /// <summary>z^h on the hidden neurons.</summary>
    HiddenNeurons = 2,

    /// <summary>"N": z^x and z^h.</summary>
    Neurons = InputNeurons | HiddenNeurons,

    /// <summary>"G": z^i, z^f, z^g, z^o on the gate and information-flow preactivations (LSTM only).</summary>
    Gates = 4,
}
