using static TorchSharp.torch;

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
    Tensor? ZVocabulary = null, Tensor? ZInput = null, Tensor? ZHidden = null, Tensor? ZGates = null);
