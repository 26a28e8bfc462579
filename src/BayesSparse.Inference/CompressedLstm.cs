using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace BayesSparse.Inference;

/// <summary>
/// An LSTM layer reduced to what a trained sparse model uses (docs/method.md, section 6): kept hidden neurons only, z
/// folded into the weights, and only the live (non-constant) gate preactivations computed; a constant gate is
/// its precomputed activation of b (eq. 2-3 of the paper with z = 0). The i, f and o gates use
/// <see cref="Gates"/>, g uses tanh.
/// </summary>
public sealed class CompressedLstm
{
    private readonly IMatrix _recurrent;  // (L, K): W^h rows of the live gates, columns of the kept neurons
    private readonly float[] _bias;       // (L)
    private readonly int[] _slot;         // (4K), gate-major: row of the live preactivation, or -1 for a constant gate
    private readonly float[] _constant;   // (4K): the activation of b of each gate
    private readonly int[] _gateOfLive;   // (L): the gate (index into 4K) each live row feeds
    private readonly int _tanhFirst;      // live rows are gate-major (i, f, g, o), so the g rows are one range
    private readonly int _tanhEnd;

    /// <summary>Assembles a layer; live rows must be ordered by gate (i, f, g, o).</summary>
    /// <param name="input">Input contributions to the live preactivations.</param>
    /// <param name="recurrent">(live gates, kept neurons).</param>
    /// <param name="bias">Bias of the live gates.</param>
    /// <param name="slot">Per gate and kept neuron (gate-major, 4K): its live row, or -1 when constant.</param>
    /// <param name="constant">Per gate and kept neuron: the constant value, used where slot is -1.</param>
    /// <param name="gates">The nonlinearity of the i, f and o gates.</param>
    public CompressedLstm(InputTable input, IMatrix recurrent, float[] bias, int[] slot, float[] constant, GateActivation gates)
    {
        if (slot.FirstOrDefault(s => s < -1, -1) is var bad && bad < -1) throw new InvalidDataException($"gate slot {bad} (a live row or -1)");
        int hidden = slot.Length / 4;
        var live = slot.Where(s => s >= 0).ToArray();
        if (slot.Length % 4 != 0 || constant.Length != slot.Length || bias.Length != recurrent.Rows || input.Width != recurrent.Rows
            || recurrent.Columns != hidden || live.Length != bias.Length || !live.SequenceEqual(Enumerable.Range(0, live.Length)))
            throw new InvalidDataException("inconsistent compressed LSTM");
        if (!Enum.IsDefined(gates)) throw new InvalidDataException($"unknown gate activation {(byte)gates}");
        (Input, _recurrent, _bias, _slot, _constant, Gates) = (input, recurrent, bias, slot, constant, gates);
        _gateOfLive = [.. Enumerable.Range(0, slot.Length).Where(k => slot[k] >= 0)];
        _tanhFirst = slot.Take(2 * hidden).Count(s => s >= 0);
        _tanhEnd = slot.Take(3 * hidden).Count(s => s >= 0);
    }

    /// <summary>The input lookup.</summary>
    public InputTable Input { get; }

    /// <summary>The nonlinearity of the i, f and o gates.</summary>
    public GateActivation Gates { get; }

    /// <summary>The recurrent matrix (live gates x kept neurons), dense or CSR.</summary>
    public IMatrix Recurrent => _recurrent;

    /// <summary>Kept hidden neurons.</summary>
    public int Hidden => _slot.Length / 4;

    /// <summary>Non-constant gate components.</summary>
    public int LiveGates => _bias.Length;

    /// <summary>Bias of the live gates.</summary>
    internal IReadOnlyList<float> Bias => _bias;

    /// <summary>Per gate and kept neuron (gate-major, 4K): its live row, or -1 when constant.</summary>
    internal IReadOnlyList<int> Slots => _slot;

    /// <summary>Per gate and kept neuron: the constant value, used where the slot is -1.</summary>
    internal IReadOnlyList<float> Constants => _constant;

    /// <summary>The live rows of the information flow g: [first, end); the i and f rows come before, the o rows after.</summary>
    internal (int First, int End) TanhRows => (_tanhFirst, _tanhEnd);

    /// <summary>A zero state for <paramref name="width"/> sequences.</summary>
    public LstmState NewState(int width = 1) => new(Hidden, LiveGates, width);

    /// <summary>One time step for the block of sequences in <paramref name="state"/>; <paramref name="ids"/>[b] is sequence b's input (negative: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(ReadOnlySpan<int> ids, LstmState state)
    {
        int width = state.Width, hidden = Hidden, live = _bias.Length;
        if (ids.Length != width || state.Hidden != hidden || state.Preactivations.Length != live * width)
            throw new ArgumentException($"the state holds {state.Width} sequences of {state.Hidden} neurons; got {ids.Length} inputs for {hidden}");
        var pre = state.Preactivations;
        if (width == 1) _bias.CopyTo(pre, 0);
        else for (int l = 0; l < live; l++) pre.AsSpan(l * width, width).Fill(_bias[l]);
        for (int b = 0; b < width; b++) Input.AddTo(ids[b], pre, width, b);
        _recurrent.MultiplyAdd(state.H, pre, width);
        var inputAndForget = pre.AsSpan(0, _tanhFirst * width);
        var g = pre.AsSpan(_tanhFirst * width, (_tanhEnd - _tanhFirst) * width);
        var o = pre.AsSpan(_tanhEnd * width);
        Activate(inputAndForget);
        if (!g.IsEmpty) StepActivations.Tanh(g, g);
        Activate(o);

        // The four gates as whole (K, width) blocks: constant rows were filled once, live rows are copied in.
        var gates = GatesOf(state);
        if (width == 1) for (int l = 0; l < live; l++) gates[_gateOfLive[l]] = pre[l];
        else for (int l = 0; l < live; l++) pre.AsSpan(l * width, width).CopyTo(gates.AsSpan(_gateOfLive[l] * width, width));
        int n = hidden * width;
        StepActivations.CellUpdate(gates.AsSpan(0, n), gates.AsSpan(n, n), gates.AsSpan(2 * n, n), gates.AsSpan(3 * n, n), state.C, state.H);
    }

    /// <summary>σ of the i, f or o preactivations, in place.</summary>
    private void Activate(Span<float> preactivations)
    {
        if (Gates == GateActivation.Sigmoid) StepActivations.Sigmoid(preactivations);
        else Gates.Apply(preactivations, preactivations);
    }

    /// <summary>The state's (4K, width) gate buffer, its constant rows filled for this layer.</summary>
    private float[] GatesOf(LstmState state)
    {
        if (ReferenceEquals(state.GatesFilledBy, this)) return state.Gates;
        for (int k = 0; k < _slot.Length; k++)
            if (_slot[k] < 0) state.Gates.AsSpan(k * state.Width, state.Width).Fill(_constant[k]);
        state.GatesFilledBy = this;
        return state.Gates;
    }

    /// <summary>Writes the layer.</summary>
    public void Write(BinaryWriter writer)
    {
        Input.Write(writer);
        _recurrent.Write(writer);
        ModelIO.WriteArray(writer, _bias);
        ModelIO.WriteArray(writer, _slot);
        ModelIO.WriteArray(writer, _constant);
        writer.Write((byte)Gates);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static CompressedLstm Read(BinaryReader reader) =>
        new(InputTable.Read(reader), MatrixFormat.Read(reader), ModelIO.ReadFloats(reader), ModelIO.ReadInts(reader), ModelIO.ReadFloats(reader),
            (GateActivation)reader.ReadByte());
}
