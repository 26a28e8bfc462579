using BayesSparse.Inference;

namespace BayesSparse.Onnx;

/// <summary>
/// One LSTM layer as the ONNX graph holds it (<see cref="LstmGraph"/>): an input lookup with a zero row for removed
/// ids and padding, the recurrent matrix transposed for h W, and the gate map that folds constant gates.
/// </summary>
/// <param name="Ids">Input ids (vocabulary size).</param>
/// <param name="Table">(stored ids + 1, live gates) row-major: each stored id's contribution to the live preactivations; the last row is zero.</param>
/// <param name="RowOf">(ids + 1): each id's row of <paramref name="Table"/>; removed ids and the padding id <paramref name="Ids"/> point at the zero row.</param>
/// <param name="RecurrentT">(kept neurons, live gates): the recurrent matrix transposed.</param>
/// <param name="Bias">(live gates).</param>
/// <param name="Slots">(4 x kept neurons, gate-major i, f, g, o): each gate's live row, or -1 when constant.</param>
/// <param name="Constants">(4 x kept neurons): the value of a constant gate.</param>
/// <param name="TanhRows">The live rows of the information flow g (tanh); the others are i, f and o.</param>
/// <param name="Gates">The nonlinearity of i, f and o.</param>
internal sealed record LstmWeights(int Ids, float[] Table, long[] RowOf, float[] RecurrentT, float[] Bias, int[] Slots, float[] Constants,
    (int First, int End) TanhRows, GateActivation Gates)
{
    /// <summary>Kept hidden neurons.</summary>
    public int Hidden => Slots.Length / 4;

    /// <summary>Live gate preactivations.</summary>
    public int Live => Bias.Length;

    /// <summary>Rows of <see cref="Table"/> (the zero row included).</summary>
    public int TableRows => Table.Length / Math.Max(1, Live);

    /// <summary>The weights of a compressed model's layer.</summary>
    public static LstmWeights From(CompressedLstm lstm)
    {
        var input = lstm.Input;
        int stored = input.StoredIds, live = lstm.LiveGates, hidden = lstm.Hidden;
        var table = new float[(stored + 1) * live];
        MatrixFormat.Dense(input.StoredRows).Values.CopyTo(table, 0);
        var rowOf = input.RowOf.Select(r => (long)(r < 0 ? stored : r)).Append(stored).ToArray();
        var recurrent = MatrixFormat.Dense(lstm.Recurrent);
        return new(input.Ids, table, rowOf, recurrent.Transposed(live), [.. lstm.Bias], [.. lstm.Slots], [.. lstm.Constants],
            lstm.TanhRows, lstm.Gates);
    }

    /// <summary>
    /// A dense layer of <paramref name="hidden"/> neurons over <paramref name="ids"/> one-hot inputs with every gate live
    /// and random weights (a benchmark's dense model: its speed does not depend on the values).
    /// </summary>
    public static LstmWeights Dense(int ids, int hidden, int seed)
    {
        var random = new Random(seed);
        float[] Random(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        int live = 4 * hidden;
        var table = Random((ids + 1) * live);
        Array.Clear(table, ids * live, live);
        return new(ids, table, [.. Enumerable.Range(0, ids + 1).Select(i => (long)i)], Random(hidden * live), Random(live),
            [.. Enumerable.Range(0, live)], new float[live], (2 * hidden, 3 * hidden), GateActivation.Sigmoid);
    }
}
