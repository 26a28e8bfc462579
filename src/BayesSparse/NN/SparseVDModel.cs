using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>Model-level helpers over every <see cref="ISparseVDModule"/> inside a module tree.</summary>
public static class SparseVDModel
{
    /// <summary>The SparseVD layers of <paramref name="model"/> (itself included) with their dotted names.</summary>
    public static IEnumerable<(string Name, ISparseVDModule Layer)> Layers(nn.Module model)
    {
        if (model is ISparseVDModule self) yield return ("", self);
        foreach (var (name, module) in model.named_modules())
            if (module is ISparseVDModule layer && !ReferenceEquals(module, model))
                yield return (name, layer);
    }

    /// <summary>Sum of the KL terms of every SparseVD layer, a scalar (zero for a model without any).</summary>
    public static Tensor KlDivergence(nn.Module model)
    {
        using var scope = NewDisposeScope();
        Tensor total = zeros([]);
        foreach (var (_, layer) in Layers(model))
        {
            var kl = layer.KlDivergence();
            total = total.to(kl.device).Plus(kl);
        }
        return total.MoveToOuterDisposeScope();
    }
}
