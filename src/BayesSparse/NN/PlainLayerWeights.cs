using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// <see cref="ILayerWeights"/> of a module with plain parameters (<c>nn.Linear</c>, <c>nn.Embedding</c>,
/// <c>nn.LSTM</c>, the project's <see cref="Recurrent.DenseLstm"/>, ...): its own parameters as they are; the
/// weight matrices are the parameters named <c>weight*</c> with two or more dimensions.
/// </summary>
internal sealed class PlainLayerWeights(nn.Module module) : ILayerWeights
{
    private IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> Own =>
        module.named_parameters(recurse: false).Select(p => (p.name, p.parameter));

    public IReadOnlyDictionary<string, Tensor> EvalWeights()
    {
        using var _ = no_grad();
        return Own.ToDictionary(p => p.Name, p => p.Parameter.detach().clone());
    }

    public IReadOnlyList<string> WeightMatrices =>
        [.. Own.Where(p => p.Name.StartsWith("weight", StringComparison.Ordinal) && p.Parameter.dim() >= 2).Select(p => p.Name)];

    public void LoadTrained(TrainedTensors weights)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in Own) parameter.copy_(weights.Get(name, parameter.shape));
    }
}
