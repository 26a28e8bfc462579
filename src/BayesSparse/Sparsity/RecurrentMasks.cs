using BayesSparse.NN.Functional;
using static TorchSharp.torch;
using BayesSparse.Models;

namespace BayesSparse.Sparsity;

/// <summary>
/// Boolean nonzero patterns (after zeroing by log alpha) of a one-layer recurrent model, the input of
/// <see cref="StructuredSparsity.Count"/>. Weights use PyTorch's layout: W^x (G*H, In), W^h (G*H, H),
/// dense (Out, H), embedding (V, E) with E = In. A null z means the group is not learned (all kept).
/// </summary>
/// <param name="WeightIh">W^x != 0.</param>
/// <param name="WeightHh">W^h != 0.</param>
/// <param name="Dense">Output layer != 0, or null.</param>
/// <param name="Embedding">Embedding != 0 for classifiers, or null (language models read one-hot input).</param>
/// <param name="ZVocabulary">Vocabulary z kept, (V), or null.</param>
/// <param name="ZInput">z^x kept, (In), or null.</param>
/// <param name="ZHidden">z^h kept, (H), or null.</param>
/// <param name="ZGates">Gate z kept, (G*H), or null.</param>
public sealed record RecurrentMasks(Tensor WeightIh, Tensor WeightHh, Tensor? Dense = null, Tensor? Embedding = null,
    Tensor? ZVocabulary = null, Tensor? ZInput = null, Tensor? ZHidden = null, Tensor? ZGates = null)
{
    /// <summary>
    /// The masks of a model from its eval weights (<see cref="NN.LayerWeights.Eval"/>; kept = nonzero): layers named
    /// <c>lstm</c> (required), <c>dense</c> and <c>embedding</c>, as the paper's models name them.
    /// </summary>
    /// <exception cref="ArgumentException">There is no <c>lstm.weight_ih</c> or <c>lstm.weight_hh</c>.</exception>
    public static RecurrentMasks Of(IReadOnlyDictionary<string, Tensor> evalWeights)
    {
        Tensor? Nonzero(string name) => evalWeights.TryGetValue(name, out var tensor) ? tensor.ne(Scalars.Zero) : null;
        Tensor Required(string name) => Nonzero(name) ?? throw new ArgumentException($"no tensor '{name}'");
        static string Key(string layer, string parameter) => ModelLayers.Key(layer, parameter);
        static string Lstm(string parameter) => ModelLayers.Key(ModelLayers.Lstm, parameter);
        return new RecurrentMasks(Required(Lstm("weight_ih")), Required(Lstm("weight_hh")), Nonzero(Key(ModelLayers.Output, "weight")),
            Nonzero(Key(ModelLayers.Embedding, "weight")), Nonzero(Key(ModelLayers.Embedding, "z_vocabulary")), Nonzero(Lstm("z_input")),
            Nonzero(Lstm("z_hidden")), Nonzero(Lstm("z_gates")));
    }
}
