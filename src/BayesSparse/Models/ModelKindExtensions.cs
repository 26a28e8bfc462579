using BayesSparse.NN.Recurrent;

namespace BayesSparse.Models;

/// <summary>What each <see cref="ModelKind"/> learns.</summary>
public static class ModelKindExtensions
{
    private static readonly (ModelKind Kind, string Name)[] Names =
    [
        (ModelKind.Original, "original"), (ModelKind.W, "w"), (ModelKind.WN, "wn"), (ModelKind.WGN, "wgn"),
        (ModelKind.PruneNarang, "prune-narang"), (ModelKind.PruneAgp, "prune-agp"),
    ];

    /// <summary>Every model's name in Table 1's order: the paper's four, then the pruning baselines.</summary>
    public static string[] AllNames => [.. Names.Select(n => n.Name)];

    /// <summary>The paper's four models' names (Table 1's rows per task): original, w, wn, wgn.</summary>
    public static string[] PaperNames => [.. Names.Where(n => !n.Kind.IsPruned()).Select(n => n.Name)];

    /// <summary>The command-line and results spelling: original, w, wn, wgn, prune-narang, prune-agp.</summary>
    public static string Name(this ModelKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses <see cref="Name"/>'s spelling (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static ModelKind ParseModelKind(string name) =>
        Names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } match
            ? match.Kind
            : throw new ArgumentException($"unknown model '{name}': use {string.Join(", ", Names.Select(n => n.Name))}");

    /// <summary>Whether the model has SparseVD layers.</summary>
    public static bool IsBayesian(this ModelKind kind) => kind is ModelKind.W or ModelKind.WN or ModelKind.WGN;

    /// <summary>Whether the model is the plain one pruned during training.</summary>
    public static bool IsPruned(this ModelKind kind) => kind is ModelKind.PruneNarang or ModelKind.PruneAgp;

    /// <summary>The LSTM's group variables; language models never use z^x (docs/method.md, section 2).</summary>
    public static SparsityGroups Groups(this ModelKind kind, bool inputNeurons) => kind switch
    {
        ModelKind.WN => inputNeurons ? SparsityGroups.Neurons : SparsityGroups.HiddenNeurons,
        ModelKind.WGN => (inputNeurons ? SparsityGroups.Neurons : SparsityGroups.HiddenNeurons) | SparsityGroups.Gates,
        _ => SparsityGroups.Weights,
    };

    /// <summary>Whether the vocabulary gets z (classifiers, W+N and W+G+N).</summary>
    public static bool VocabularyZ(this ModelKind kind) => kind is ModelKind.WN or ModelKind.WGN;
}
