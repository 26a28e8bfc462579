using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// The weights of a trained single-layer, unidirectional <c>torch.nn.LSTM</c> or <c>torch.nn.GRU</c>, as the
/// SparseVD layers start from them: <c>weight_ih_l0</c> (G*H, In), <c>weight_hh_l0</c> (G*H, H) and the two
/// biases (zeros when the layer has none).
/// </summary>
internal sealed record TrainedRecurrentWeights(Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh)
{
    /// <summary>Input size In.</summary>
    public long InputSize => WeightIh.shape[1];

    /// <summary>Hidden size H.</summary>
    public long HiddenSize => WeightHh.shape[1];

    /// <summary>Reads <paramref name="rnn"/>; throws <see cref="ArgumentException"/> for stacked, bidirectional or projected layers.</summary>
    public static TrainedRecurrentWeights Read(nn.Module rnn, int gateCount)
    {
        var parameters = rnn.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var extra = parameters.Keys.FirstOrDefault(k => !k.EndsWith("_l0", StringComparison.Ordinal));
        if (extra is not null)
            throw new ArgumentException($"{rnn.GetName()}: only a single-layer, unidirectional layer without projections converts (found '{extra}')");
        Tensor Get(string name) => parameters.TryGetValue(name, out var p) ? p.detach()
            : throw new ArgumentException($"{rnn.GetName()}: no parameter '{name}'");
        var ih = Get("weight_ih_l0");
        var hh = Get("weight_hh_l0");
        if (ih.shape[0] != gateCount * hh.shape[1])
            throw new ArgumentException($"{rnn.GetName()}: weight_ih_l0 has {ih.shape[0]} rows, not {gateCount} x {hh.shape[1]}");
        Tensor Bias(string name) => parameters.ContainsKey(name) ? Get(name) : zeros(ih.shape[0], dtype: ih.dtype, device: ih.device);
        return new TrainedRecurrentWeights(ih, hh, Bias("bias_ih_l0"), Bias("bias_hh_l0"));
    }
}
