using BayesSparse.NN;
using BayesSparse.NN.Functional;
using TorchSharp;

namespace BayesSparse.Sparsity;

/// <summary>
/// Per-weight and total sparsity of a model after zeroing by log alpha: |w|, |w != 0| and the compression
/// |w| / |w != 0| over the counted weight matrices (biases and group variables are not counted; docs/method.md,
/// section 3).
/// </summary>
public sealed class SparsityReport
{
    /// <summary>Builds a report from explicit entries.</summary>
    public SparsityReport(IReadOnlyList<WeightSparsity> weights)
    {
        Weights = weights;
        Total = new WeightSparsity("total", weights.Sum(w => w.Total), weights.Sum(w => w.Nonzero));
    }

    /// <summary>One entry per counted weight matrix, named <c>layer.parameter</c>.</summary>
    public IReadOnlyList<WeightSparsity> Weights { get; }

    /// <summary>All counted weights together.</summary>
    public WeightSparsity Total { get; }

    /// <summary>Vocabulary entries kept (classifiers with an embedding), or null.</summary>
    public UnitCount? Vocabulary { get; init; }

    /// <summary>Input neurons kept (embedding dimensions, or words for one-hot input), or null.</summary>
    public UnitCount? InputNeurons { get; init; }

    /// <summary>Hidden neurons kept, or null.</summary>
    public UnitCount? HiddenNeurons { get; init; }

    /// <summary>Non-constant gate components (of 4H for an LSTM), or null.</summary>
    public UnitCount? Gates { get; init; }

    /// <summary>Overall compression |w| / |w != 0|.</summary>
    public double Compression => Total.Compression;

    /// <summary>Reports every weight matrix of every layer of <paramref name="model"/> (<see cref="LayerWeights.Named"/>) as it runs in eval mode.</summary>
    public static SparsityReport Of(torch.nn.Module model)
    {
        var entries = new List<WeightSparsity>();
        foreach (var (layerName, layer) in LayerWeights.Named(model))
        {
            using var scope = torch.NewDisposeScope();
            var weights = layer.EvalWeights();
            foreach (var name in layer.WeightMatrices)
                entries.Add(WeightSparsity.Of(LayerWeights.Join(layerName, name), weights[name].ne(Scalars.Zero)));
        }
        return new SparsityReport(entries);
    }
}
