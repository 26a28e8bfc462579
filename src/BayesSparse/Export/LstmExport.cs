using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Sparsity;
using static TorchSharp.torch;
using BayesSparse.Models;

namespace BayesSparse.Export;

/// <summary>
/// Reads the eval-mode weights of a trained LSTM model (masked means, z folded in) and builds the compressed
/// layer and output matrix from them. Call inside a dispose scope and <c>no_grad</c>.
/// </summary>
internal sealed class LstmExport
{
    private LstmExport(Tensor weightIh, Tensor weightHh, Tensor bias, Tensor? zHidden, RecurrentMasks masks, GateActivation activation)
    {
        (WeightIh, WeightHh, Bias, ZHidden, Gates) = (weightIh, weightHh, bias, zHidden, activation);
        var (_, input, hidden, gates) = StructuredSparsity.KeptUnits(masks);
        InputNeurons = input.sum().item<long>();
        Kept = hidden.nonzero().squeeze(1);
        Live = gates.nonzero().squeeze(1);
    }

    /// <summary>Effective W^x, (4H, In).</summary>
    public Tensor WeightIh { get; }

    /// <summary>Effective W^h, (4H, H).</summary>
    public Tensor WeightHh { get; }

    /// <summary>Bias, (4H).</summary>
    public Tensor Bias { get; }

    /// <summary>σ of the i, f and o gates.</summary>
    public GateActivation Gates { get; }

    /// <summary>z^h (H), which scales h wherever it is read, or null.</summary>
    public Tensor? ZHidden { get; }

    /// <summary>Kept input neurons (embedding dimensions, or one-hot inputs with a nonzero W^x column).</summary>
    public long InputNeurons { get; }

    /// <summary>Indices of the kept hidden neurons, (K).</summary>
    public Tensor Kept { get; }

    /// <summary>Indices of the live gate rows in 0..4H-1, ascending (so gate-major), (L).</summary>
    public Tensor Live { get; }

    /// <summary>
    /// Reads the layer <c>lstm</c> from a model's eval weights (<see cref="LayerWeights.Eval"/>: W^x, W^h, bias and
    /// any z), folding z into the weights as <see cref="RecurrentSample.Fold"/> does; <paramref name="gates"/> is the
    /// layer's σ.
    /// </summary>
    public static LstmExport Of(IReadOnlyDictionary<string, Tensor> weights, RecurrentMasks masks, GateActivation gates)
    {
        var sample = RecurrentSample.FromEvalWeights(weights, ModelLayers.Key(ModelLayers.Lstm, ""));
        var (weightIh, weightHh) = sample.Fold();
        var biasKey = ModelLayers.Key(ModelLayers.Lstm, "bias");
        var bias = weights.GetValueOrDefault(biasKey) ?? throw new ArgumentException($"no tensor '{biasKey}'");
        return new LstmExport(weightIh, weightHh, bias, sample.ZHidden?.squeeze(0), masks, gates);
    }

    /// <summary>
    /// The compressed layer, given the input contribution of every input id to all 4H preactivations (V, 4H)
    /// (the transposed W^x for one-hot inputs; embedding times W^x transposed for classifiers).
    /// </summary>
    public CompressedLstm Build(Tensor inputProjection) => Build(inputProjection, WeightHh, Bias, Kept, Live, Gates);

    /// <summary>
    /// The compressed layer over the hidden neurons <paramref name="kept"/> (ascending) and the gate rows
    /// <paramref name="live"/> (ascending, in 0..4H-1): the input table and W^h hold the live rows only, and each gate
    /// of a kept neuron reads its live row's slot or, for a row not live, its constant σ(b) / tanh(b).
    /// </summary>
    /// <param name="inputProjection">Every input id's contribution to the 4H preactivations, (V, 4H).</param>
    /// <param name="weightHh">W^h with z folded in, (4H, H).</param>
    /// <param name="bias">The bias, (4H).</param>
    /// <param name="kept">Kept hidden neurons, (K).</param>
    /// <param name="live">Live gate rows, (L).</param>
    /// <param name="gates">σ of the i, f and o gates.</param>
    public static CompressedLstm Build(Tensor inputProjection, Tensor weightHh, Tensor bias, Tensor kept, Tensor live, GateActivation gates)
    {
        var keptList = kept.cpu().data<long>().ToArray();
        var liveRows = live.cpu().data<long>().ToArray();
        var liveIndex = liveRows.Select((row, i) => (row, i)).ToDictionary(p => p.row, p => p.i);
        long size = weightHh.shape[1];
        int k = keptList.Length;
        var biasValues = bias.to(ScalarType.Float32).cpu().data<float>().ToArray();
        var (slot, constant) = (new int[4 * k], new float[4 * k]);
        for (int g = 0; g < 4; g++)
            for (int j = 0; j < k; j++)
            {
                long row = g * size + keptList[j];
                slot[g * k + j] = liveIndex.TryGetValue(row, out var index) ? index : -1;
                constant[g * k + j] = (float)gates.ConstantGate(g, biasValues[row]);
            }
        return new CompressedLstm(
            InputTable.FromDense(ToDense(inputProjection.index_select(1, live))),
            MatrixFormat.Fastest(ToDense(weightHh.index_select(0, live).index_select(1, kept))),
            [.. liveRows.Select(row => biasValues[row])], slot, constant, gates);
    }

    /// <summary>The next layer's weight (Out, H) restricted to the kept neurons, with z^h folded in: (Out, K).</summary>
    public DenseMatrix Output(Tensor weight)
    {
        var output = weight.index_select(1, Kept);
        if (ZHidden is not null) output = output * ZHidden.index_select(0, Kept);
        return ToDense(output);
    }

    /// <summary>A float matrix tensor as a <see cref="DenseMatrix"/>.</summary>
    public static DenseMatrix ToDense(Tensor matrix)
    {
        var cpu = matrix.to(ScalarType.Float32).contiguous().cpu();
        return new DenseMatrix((int)cpu.shape[0], (int)cpu.shape[1], cpu.data<float>().ToArray());
    }
}
