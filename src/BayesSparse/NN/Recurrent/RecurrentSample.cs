using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// The weights and group variables one forward pass of a recurrent SparseVD layer uses. Each z has shape
/// (N, dim): N = 1 when shared by the batch (fast mode, eval), N = batch when sampled per sequence.
/// </summary>
/// <param name="WeightIh">W^x, (G*H, In).</param>
/// <param name="WeightHh">W^h, (G*H, H).</param>
/// <param name="ZInput">z^x, (N, In), or null.</param>
/// <param name="ZHidden">z^h, (N, H), or null.</param>
/// <param name="ZGates">z of the gate preactivations, (N, G*H), or null.</param>
public sealed record RecurrentSample(Tensor WeightIh, Tensor WeightHh, Tensor? ZInput, Tensor? ZHidden, Tensor? ZGates)
{
    /// <summary>
    /// The eval sample of a recurrent layer from its eval weights (<see cref="ILayerWeights.EvalWeights"/>): W^x,
    /// W^h and any z, read as <paramref name="prefix"/> + <c>weight_ih</c>, ... (<c>lstm.</c> in a model's weights).
    /// </summary>
    /// <exception cref="ArgumentException">W^x or W^h is missing.</exception>
    public static RecurrentSample FromEvalWeights(IReadOnlyDictionary<string, Tensor> weights, string prefix = "")
    {
        Tensor Get(string name) => weights.TryGetValue(prefix + name, out var tensor) ? tensor
            : throw new ArgumentException($"no tensor '{prefix}{name}'");
        Tensor? Z(string name) => weights.GetValueOrDefault(prefix + name)?.unsqueeze(0);
        return new RecurrentSample(Get("weight_ih"), Get("weight_hh"), Z("z_input"), Z("z_hidden"), Z("z_gates"));
    }

    /// <summary>Whether every z is shared by the whole batch, so the sample folds into the weights.</summary>
    public bool Foldable => new[] { ZInput, ZHidden, ZGates }.All(z => z is null || z.shape[0] == 1);

    /// <summary>
    /// The effective weights of a foldable sample: z^x scales the columns of W^x, z^h the columns of W^h (it
    /// multiplies h_{t-1}), and the gate z the rows of both (it multiplies the preactivation before the bias).
    /// </summary>
    public (Tensor WeightIh, Tensor WeightHh) Fold()
    {
        if (!Foldable) throw new InvalidOperationException("per-sequence z cannot be folded into weights");
        using var scope = NewDisposeScope();
        var wIh = ZInput is null ? WeightIh.alias() : WeightIh * ZInput;
        var wHh = ZHidden is null ? WeightHh.alias() : WeightHh * ZHidden;
        if (ZGates is not null)
        {
            var rows = ZGates.reshape(-1, 1);
            wIh = wIh * rows;
            wHh = wHh * rows;
        }
        return (wIh.MoveToOuterDisposeScope(), wHh.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The sample of a layer whose stacked rows were cut to <paramref name="rows"/> (positions among
    /// <paramref name="count"/>) with the other rows back as zeros in W^x, W^h and the gate z.
    /// </summary>
    public RecurrentSample WithRows(Tensor rows, long count)
    {
        using var scope = NewDisposeScope();
        Tensor Spread(Tensor t, long dim)
        {
            var shape = t.shape.ToArray();
            shape[dim] = count;
            return zeros(shape, dtype: t.dtype, device: t.device).index_copy(dim, rows.to(t.device), t);
        }
        return new RecurrentSample(Spread(WeightIh, 0), Spread(WeightHh, 0), ZInput?.alias(), ZHidden?.alias(),
            ZGates is null ? null : Spread(ZGates, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>Moves every tensor to the enclosing dispose scope.</summary>
    public RecurrentSample MoveToOuterDisposeScope()
    {
        foreach (var t in new[] { WeightIh, WeightHh, ZInput, ZHidden, ZGates }) t?.MoveToOuterDisposeScope();
        return this;
    }
}
