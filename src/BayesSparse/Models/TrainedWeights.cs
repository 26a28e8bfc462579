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
        Tensor? zHidden = null;
        foreach (var (name, layer) in model.named_children())
        {
            switch (layer)
            {
                case TorchSharp.Modules.Embedding table:
                    weights[$"{name}.weight"] = table.weight!.detach().clone();
                    break;
                case EmbeddingSVD table:
                    var rows = table.Weight.MaskedMean(table.Options);
                    weights[$"{name}.weight"] = table.ZVocabulary is { } z ? rows * z.MaskedMean(table.Options).unsqueeze(1) : rows;
                    break;
                case DenseLstm lstm:
                    (weights[$"{name}.weight_ih"], weights[$"{name}.weight_hh"]) = (lstm.WeightIh.detach().clone(), lstm.WeightHh.detach().clone());
                    weights[$"{name}.bias"] = lstm.Bias.detach().clone();
                    break;
                case LstmSVD lstm:
                    var sample = lstm.Variables.Draw(training: false, sequences: 1);
                    (weights[$"{name}.weight_ih"], weights[$"{name}.weight_hh"]) = sample.Fold();
                    weights[$"{name}.bias"] = lstm.Bias.detach().clone();
                    zHidden = sample.ZHidden?.reshape(1, -1);
                    break;
                case TorchSharp.Modules.Linear linear:
                    weights[$"{name}.weight"] = ScaleColumns(linear.weight!.detach(), zHidden);
                    weights[$"{name}.bias"] = linear.bias!.detach().clone();
                    break;
                case LinearSVD linear:
                    weights[$"{name}.weight"] = ScaleColumns(linear.Weight.MaskedMean(linear.Options), zHidden);
                    weights[$"{name}.bias"] = linear.Bias!.detach().clone();
                    break;
                default:
                    throw new ArgumentException($"{model.GetName()}.{name}: {layer.GetName()} has no dense form");
            }
        }
        return weights;
    }

    /// <summary>
    /// Starts every layer of <paramref name="model"/> from <paramref name="weights"/> (names and shapes as
    /// <see cref="Of"/> gives them): plain layers copy them; SparseVD layers take them as posterior means with
    /// log sigma by <see cref="VariationalTensor.ResetFromTrained"/> and every z at 1.
    /// </summary>
    /// <param name="model">A model whose children are its layers (the paper's models, or your own).</param>
    /// <param name="weights">Dense weights by state-dict name.</param>
    /// <param name="layers">Only these children (by name); every child when null. The others keep their values.</param>
    /// <exception cref="ArgumentException">The first missing or mis-shaped tensor, named.</exception>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, IReadOnlySet<string>? layers = null)
    {
        using var _ = no_grad();
        foreach (var (name, layer) in model.named_children())
        {
            if (layers is not null && !layers.Contains(name)) continue;
            Tensor Get(string key, params long[] shape)
            {
                var full = $"{name}.{key}";
                if (!weights.TryGetValue(full, out var tensor)) throw new ArgumentException($"no tensor '{full}'");
                if (!tensor.shape.SequenceEqual(shape))
                    throw new ArgumentException($"'{full}' has shape [{string.Join(", ", tensor.shape)}], the model needs [{string.Join(", ", shape)}]");
                return tensor;
            }
            switch (layer)
            {
                case TorchSharp.Modules.Embedding table:
                    table.weight!.copy_(Get("weight", table.weight!.shape));
                    break;
                case EmbeddingSVD table:
                    table.LoadTrained(Get("weight", table.Weight.Mu.shape));
                    break;
                case DenseLstm lstm:
                    lstm.WeightIh.copy_(Get("weight_ih", lstm.WeightIh.shape));
                    lstm.WeightHh.copy_(Get("weight_hh", lstm.WeightHh.shape));
                    lstm.Bias.copy_(Get("bias", lstm.Bias.shape));
                    break;
                case LstmSVD lstm:
                    lstm.LoadTrained(Get("weight_ih", lstm.Variables.WeightIh.Mu.shape), Get("weight_hh", lstm.Variables.WeightHh.Mu.shape),
                        Get("bias", lstm.Bias.shape));
                    break;
                case TorchSharp.Modules.Linear linear:
                    linear.weight!.copy_(Get("weight", linear.weight!.shape));
                    linear.bias!.copy_(Get("bias", linear.bias!.shape));
                    break;
                case LinearSVD linear:
                    linear.LoadTrained(Get("weight", linear.Weight.Mu.shape), Get("bias", linear.Bias!.shape));
                    break;
                default:
                    throw new ArgumentException($"{model.GetName()}.{name}: {layer.GetName()} cannot start from trained weights");
            }
        }
    }

    private static Tensor ScaleColumns(Tensor weight, Tensor? columns) => columns is null ? weight.clone() : weight * columns;
}
