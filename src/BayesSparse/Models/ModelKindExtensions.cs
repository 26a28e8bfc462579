using BayesSparse.NN.Recurrent;

namespace BayesSparse.Models;

/// <summary>What each <see cref="ModelKind"/> learns.</summary>
public static class ModelKindExtensions
{
    /// <summary>Whether the model has SparseVD layers.</summary>
    public static bool IsBayesian(this ModelKind kind) => kind is ModelKind.W or ModelKind.WN or ModelKind.WGN;

    /// <summary>Whether the model is the plain one pruned during training.</summary>
    public static bool IsPruned(this ModelKind kind) => kind is ModelKind.PruneNarang or ModelKind.PruneAgp;

    /// <summary>The LSTM's group variables; language models never use z^x (DESIGN.md section 2).</summary>
    public static SparsityGroups Groups(this ModelKind kind, bool inputNeurons) => kind switch
    {
        ModelKind.WN => inputNeurons ? SparsityGroups.Neurons : SparsityGroups.HiddenNeurons,
        ModelKind.WGN => (inputNeurons ? SparsityGroups.Neurons : SparsityGroups.HiddenNeurons) | SparsityGroups.Gates,
        _ => SparsityGroups.Weights,
    };

    /// <summary>Whether the vocabulary gets z (classifiers, W+N and W+G+N).</summary>
    public static bool VocabularyZ(this ModelKind kind) => kind is ModelKind.WN or ModelKind.WGN;
}
