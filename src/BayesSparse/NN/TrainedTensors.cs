using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// Trained tensors handed to <see cref="ILayerWeights.LoadTrained"/>: a dictionary of full names (such as a
/// model's state dict) read through a layer's prefix, with shapes checked.
/// </summary>
/// <param name="weights">Tensors by full name.</param>
/// <param name="prefix">The layer's name in the model followed by a dot (<c>lstm.</c>), or empty for a lone layer.</param>
public sealed class TrainedTensors(IReadOnlyDictionary<string, Tensor> weights, string prefix = "")
{
    /// <summary>The tensor <paramref name="name"/> of this layer, which must have <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">It is missing or has another shape; the message names it in full.</exception>
    public Tensor Get(string name, long[] shape)
    {
        var full = prefix + name;
        if (!weights.TryGetValue(full, out var tensor)) throw new ArgumentException($"no tensor '{full}'");
        if (!tensor.shape.SequenceEqual(shape))
            throw new ArgumentException($"'{full}' has shape [{string.Join(", ", tensor.shape)}], the model needs [{string.Join(", ", shape)}]");
        return tensor;
    }
}
