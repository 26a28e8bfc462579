using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// The variational tensors of one gated recurrent layer, stacked as PyTorch does (LSTM gates i, f, g, o; GRU
/// r, z, n): <c>weight_ih</c> (G*H, In), <c>weight_hh</c> (G*H, H) and, by <see cref="SparsityGroups"/>,
/// <c>z_input</c> (In), <c>z_hidden</c> (H) and <c>z_gates</c> (G*H). Shared by the LSTM and GRU layers.
/// </summary>
public sealed class RecurrentVariables
{
    internal RecurrentVariables(VariationalParameterSet set, long inputSize, long hiddenSize, int gateCount,
        SparsityGroups groups)
    {
        Set = set;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        GateCount = gateCount;
        WeightIh = set.Add("weight_ih", [gateCount * hiddenSize, inputSize], countedWeight: true);
        WeightHh = set.Add("weight_hh", [gateCount * hiddenSize, hiddenSize], countedWeight: true);
        if (groups.HasFlag(SparsityGroups.InputNeurons)) ZInput = set.Add("z_input", [inputSize], countedWeight: false);
        if (groups.HasFlag(SparsityGroups.HiddenNeurons)) ZHidden = set.Add("z_hidden", [hiddenSize], countedWeight: false);
        if (groups.HasFlag(SparsityGroups.Gates)) ZGates = set.Add("z_gates", [gateCount * hiddenSize], countedWeight: false);
    }

    internal VariationalParameterSet Set { get; }

    /// <summary>Input size In.</summary>
    public long InputSize { get; }

    /// <summary>Hidden size H.</summary>
    public long HiddenSize { get; }

    /// <summary>Gates stacked in the weights (4 for LSTM, 3 for GRU).</summary>
    public int GateCount { get; }

    /// <summary>W^x, (G*H, In).</summary>
    public VariationalTensor WeightIh { get; }

    /// <summary>W^h, (G*H, H).</summary>
    public VariationalTensor WeightHh { get; }

    /// <summary>z^x, (In), or null.</summary>
    public VariationalTensor? ZInput { get; }

    /// <summary>z^h, (H), or null.</summary>
    public VariationalTensor? ZHidden { get; }

    /// <summary>z^i, z^f, z^g, z^o stacked, (G*H), or null.</summary>
    public VariationalTensor? ZGates { get; }

    /// <summary>Means: W^x Glorot-uniform or orthogonal, W^h orthogonal, every z 1; log sigma at its initial value.</summary>
    public void Reset(RecurrentInit init)
    {
        var options = Set.Options;
        WeightIh.Reset(mu => _ = init == RecurrentInit.Orthogonal ? nn.init.orthogonal_(mu) : nn.init.xavier_uniform_(mu), options);
        WeightHh.Reset(mu => nn.init.orthogonal_(mu), options);
        ResetGroupVariables();
    }

    /// <summary>Every z at mean 1 and its initial log sigma.</summary>
    private void ResetGroupVariables()
    {
        foreach (var z in new[] { ZInput, ZHidden, ZGates })
            z?.Reset(mu => mu.fill_(Scalars.One), Set.Options);
    }

    /// <summary>
    /// Draws what one forward pass uses: in training one weight sample and group-variable samples with
    /// <paramref name="sequences"/> rows (the batch size for per-sequence z, 1 for per-batch z); in eval the
    /// masked means, z with one row. With <paramref name="inputColumns"/> (the distinct tokens of a batch of
    /// one-hot input) only those columns of W^x and z^x are drawn: the others multiply zeros, and skipping them
    /// saves most of the sampling cost of a large vocabulary.
    /// </summary>
    public RecurrentSample Draw(bool training, long sequences, Tensor? inputColumns = null)
    {
        using var scope = NewDisposeScope();
        Tensor Effective(VariationalTensor v, Tensor? columns) =>
            training ? v.Sample(columns) : v.MaskedMean(Set.Options, columns);
        Tensor? Z(VariationalTensor? z, Tensor? columns = null) => z?.Rows(training, sequences, Set.Options, columns);
        var sample = new RecurrentSample(Effective(WeightIh, inputColumns), Effective(WeightHh, null),
            Z(ZInput, inputColumns), Z(ZHidden), Z(ZGates));
        return sample.MoveToOuterDisposeScope();
    }
}
