using static TorchSharp.torch;
using BayesSparse.Models;

namespace BayesSparse.Sparsity;

/// <summary>
/// Counts what remains of a recurrent model as the authors' <c>compute_compression_masks</c> does (docs/method.md,
/// section 3, Table 1 of the paper): vocabulary, input and hidden neurons, non-constant gates, then the
/// compression after the rows and columns of removed units are zeroed.
/// </summary>
public static class StructuredSparsity
{
    /// <summary>
    /// vocabulary entry kept = its z kept and its embedding row nonzero; input neuron kept = its W^x column has a
    /// nonzero and z^x kept; hidden neuron kept = (its W^h column or its dense column has a nonzero) and z^h kept;
    /// gate component kept (non-constant) = its z kept and (its W^x row or W^h row has a nonzero). Then the
    /// embedding rows of removed words and columns of removed inputs, the W^x and W^h columns of removed inputs
    /// and hidden neurons, the rows of constant gates and of removed hidden neurons, and the dense columns of
    /// removed hidden neurons are zeroed before counting |w| / |w != 0|.
    /// </summary>
    public static SparsityReport Count(RecurrentMasks masks)
    {
        using var scope = NewDisposeScope();
        var (vocabulary, input, hiddenKept, rowKept) = KeptUnits(masks);

        var weights = new List<WeightSparsity>();
        if (masks.Embedding is not null)
            weights.Add(WeightSparsity.Of(ModelLayers.Embedding, masks.Embedding & vocabulary!.unsqueeze(1) & input.unsqueeze(0)));
        weights.Add(WeightSparsity.Of("weight_ih", masks.WeightIh & rowKept.unsqueeze(1) & input.unsqueeze(0)));
        weights.Add(WeightSparsity.Of("weight_hh", masks.WeightHh & rowKept.unsqueeze(1) & hiddenKept.unsqueeze(0)));
        if (masks.Dense is not null) weights.Add(WeightSparsity.Of(ModelLayers.Output, masks.Dense & hiddenKept.unsqueeze(0)));

        return new SparsityReport(weights)
        {
            Vocabulary = vocabulary is null ? null : Units(vocabulary),
            InputNeurons = Units(input),
            HiddenNeurons = Units(hiddenKept),
            Gates = Units(rowKept),
        };
    }

    /// <summary>
    /// The kept units as boolean vectors: vocabulary (null without an embedding), input neurons, hidden neurons,
    /// and non-constant gate components of kept hidden neurons (G*H, stacked as the weights).
    /// </summary>
    public static (Tensor? Vocabulary, Tensor Input, Tensor Hidden, Tensor Gates) KeptUnits(RecurrentMasks masks)
    {
        using var scope = NewDisposeScope();
        int gates = (int)(masks.WeightIh.shape[0] / masks.WeightHh.shape[1]);
        var vocabulary = masks.Embedding is null ? null : And(masks.Embedding.any(1), masks.ZVocabulary);
        var input = And(masks.WeightIh.any(0), masks.ZInput);
        var hiddenUsed = masks.Dense is null ? masks.WeightHh.any(0) : masks.WeightHh.any(0) | masks.Dense.any(0);
        var hidden = And(hiddenUsed, masks.ZHidden);
        // A gate row is useful only while its hidden neuron survives.
        var gate = And(masks.WeightIh.any(1) | masks.WeightHh.any(1), masks.ZGates) & hidden.repeat(gates);
        return (vocabulary?.MoveToOuterDisposeScope(), input.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope(), gate.MoveToOuterDisposeScope());
    }

    private static Tensor And(Tensor used, Tensor? z) => z is null ? used : used & z;

    private static UnitCount Units(Tensor kept) => new(kept.sum().item<long>(), kept.numel());
}
