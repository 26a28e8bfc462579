using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>Finds the layers of a module tree and reads them through <see cref="ILayerWeights"/>.</summary>
public static class LayerWeights
{
    /// <summary><paramref name="module"/> itself when it implements <see cref="ILayerWeights"/>, else a view of its own plain parameters.</summary>
    public static ILayerWeights Of(nn.Module module) => module as ILayerWeights ?? new PlainLayerWeights(module);

    /// <summary>
    /// Every layer of <paramref name="model"/> (itself included) with its dotted name, in module order: modules that
    /// implement <see cref="ILayerWeights"/> (their children are theirs), and any other module with parameters of its own.
    /// </summary>
    public static IEnumerable<(string Name, ILayerWeights Layer)> Named(nn.Module model) => Walk(model, "");

    /// <summary>The eval weights of every layer of <paramref name="model"/>, keyed <c>layer.parameter</c> as in a state dict.</summary>
    public static Dictionary<string, Tensor> Eval(nn.Module model)
    {
        var weights = new Dictionary<string, Tensor>();
        foreach (var (layerName, layer) in Named(model))
            foreach (var (name, tensor) in layer.EvalWeights())
                weights[Join(layerName, name)] = tensor;
        return weights;
    }

    /// <summary><paramref name="name"/> inside the layer <paramref name="layer"/> (empty for the model itself).</summary>
    public static string Join(string layer, string name) => layer.Length == 0 ? name : $"{layer}.{name}";

    private static IEnumerable<(string Name, ILayerWeights Layer)> Walk(nn.Module module, string name)
    {
        if (module is ILayerWeights layer)
        {
            yield return (name, layer);
            yield break;
        }
        if (module.named_parameters(recurse: false).Any()) yield return (name, new PlainLayerWeights(module));
        foreach (var (childName, child) in module.named_children())
            foreach (var entry in Walk(child, Join(name, childName)))
                yield return entry;
    }
}
