namespace BayesSparse.Models;

/// <summary>
/// The names the paper's models give their layers, by which their eval weights are keyed (<c>layer.parameter</c>,
/// <see cref="ISequenceModel.EvalWeights"/>): written here once, read by the models that register the layers and by
/// everything that reads the weights (counting, export, the gate figure, warm starts, PyTorch files).
/// </summary>
public static class ModelLayers
{
    /// <summary>The classifiers' embedding.</summary>
    public const string Embedding = "embedding";

    /// <summary>The LSTM.</summary>
    public const string Lstm = "lstm";

    /// <summary>The output layer (class scores or next-token logits).</summary>
    public const string Output = "dense";

    /// <summary>The key of <paramref name="parameter"/> of <paramref name="layer"/> in a model's weights.</summary>
    public static string Key(string layer, string parameter) => $"{layer}.{parameter}";
}
