using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>
/// A model's weights in the dense form of the paper's Original, keyed by the Original's state-dict names
/// (<c>embedding.weight</c>, <c>lstm.weight_ih</c>, <c>lstm.weight_hh</c>, <c>lstm.bias</c>, <c>dense.weight</c>,
/// <c>dense.bias</c>): what a warm start copies from one run into another model of the same shapes.
/// </summary>
public static class TrainedWeights
{
    /// <summary>
    /// The weights <paramref name="model"/> computes with in eval mode, as dense tensors: plain weights as they
    /// are; SparseVD layers as masked means with every group variable folded in (vocabulary z into the table's
    /// rows; z^x, z^h and the gate z into W^x and W^h; z^h also into the next layer's columns), so a dense model
    /// loaded with them computes the same outputs. Call under <c>no_grad</c>; the tensors are new.
    /// </summary>
    public static Dictionary<string, Tensor> Of(nn.Module model)
    {
        var weights = new Dictionary<string, Tensor>();
        Tensor? zHidden = null;   // a recurrent layer's z^h, waiting for the next layer's columns
        foreach (var (name, layer) in LayerWeights.Named(model))
        {
            var dense = new Dictionary<string, Tensor>(layer.EvalWeights());
            if (dense.Remove("z_vocabulary", out var zVocabulary)) dense["weight"] = dense["weight"] * zVocabulary.unsqueeze(1);
            if (zHidden is not null && dense.TryGetValue("weight", out var next))
            {
                dense["weight"] = next * zHidden;
                zHidden = null;
            }
            if (dense.ContainsKey("weight_ih"))
            {
                var sample = RecurrentSample.FromEvalWeights(dense);
                (dense["weight_ih"], dense["weight_hh"]) = sample.Fold();
                zHidden = sample.ZHidden;
                foreach (var z in new[] { "z_input", "z_hidden", "z_gates" }) dense.Remove(z);
            }
            foreach (var (key, tensor) in dense) weights[LayerWeights.Join(name, key)] = tensor;
        }
        return weights;
    }

    /// <summary>
    /// Starts every layer of <paramref name="model"/> from <paramref name="weights"/> (names and shapes as
    /// <see cref="Of"/> gives them) by <see cref="ILayerWeights.LoadTrained"/>: plain layers copy them; SparseVD
    /// layers take them as posterior means with log sigma by <see cref="VariationalTensor.ResetFromTrained"/> and
    /// every z at 1.
    /// </summary>
    /// <param name="model">A model whose children are its layers (the paper's models, or your own).</param>
    /// <param name="weights">Dense weights by state-dict name.</param>
    /// <param name="layers">Only these layers (by name); every layer when null. The others keep their values.</param>
    /// <exception cref="ArgumentException">The first missing or mis-shaped tensor, named.</exception>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, IReadOnlySet<string>? layers = null)
    {
        using var _ = no_grad();
        foreach (var (name, layer) in LayerWeights.Named(model))
            if (layers is null || layers.Contains(name))
                layer.LoadTrained(new TrainedTensors(weights, name.Length == 0 ? "" : name + "."));
    }
}
