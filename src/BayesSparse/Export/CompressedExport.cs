using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Sparsity;
using BayesSparse.Text;
using static TorchSharp.torch;

namespace BayesSparse.Export;

/// <summary>
/// From a trained paper model (its eval-mode weights: masked means, every z folded in) to the libtorch-free
/// runtime's compressed model (<c>BayesSparse.Inference</c>). Removed neurons are dropped and constant gates folded;
/// the compressed model's outputs equal the masked dense model's.
/// </summary>
public static class CompressedExport
{
    /// <summary>Compresses a trained <see cref="LanguageModel"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="vocabulary">Its vocabulary, stored with it for <c>predict</c>; optional.</param>
    public static CompressedLanguageModel Compress(LanguageModel model, Vocabulary? vocabulary = null)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var weights = model.EvalWeights();
        var export = LstmExport.Of(weights, RecurrentMasks.Of(weights), model.GateActivation);
        return new CompressedLanguageModel(export.Build(export.WeightIh.t()),
            MatrixFormat.Fastest(export.Output(weights[ModelLayers.Key(ModelLayers.Output, "weight")]), CompressedLanguageModel.BlockColumns),
            weights[ModelLayers.Key(ModelLayers.Output, "bias")].cpu().data<float>().ToArray(), vocabulary?.Words ?? []);
    }

    /// <summary>
    /// Compresses a trained <see cref="TextClassifier"/>. The embedding (with vocabulary z and z^x) is folded into
    /// the input projection: each kept vocabulary entry becomes one row of live preactivations.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="vocabulary">Its vocabulary.</param>
    /// <param name="steps">Tokens per document it was trained on.</param>
    /// <param name="classes">Class names by label.</param>
    public static CompressedTextClassifier Compress(TextClassifier model, Vocabulary vocabulary, int steps, IReadOnlyList<string> classes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var weights = model.EvalWeights();
        var export = LstmExport.Of(weights, RecurrentMasks.Of(weights), model.GateActivation);
        // Each word's eval vector (V, E): its masked row times its vocabulary z, in the original coordinates.
        var rows = weights[ModelLayers.Key(ModelLayers.Embedding, "weight")];
        if (weights.GetValueOrDefault(ModelLayers.Key(ModelLayers.Embedding, "z_vocabulary")) is { } z) rows = rows * z.unsqueeze(1);
        return new CompressedTextClassifier(export.Build(rows.matmul(export.WeightIh.t())), MatrixFormat.Fastest(export.Output(weights[ModelLayers.Key(ModelLayers.Output, "weight")]), 64),
            weights[ModelLayers.Key(ModelLayers.Output, "bias")].cpu().data<float>().ToArray(), vocabulary.Words, steps, classes, export.InputNeurons);
    }
}
