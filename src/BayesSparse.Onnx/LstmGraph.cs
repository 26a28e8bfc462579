using BayesSparse.Inference;
using static BayesSparse.Onnx.OnnxGraph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace BayesSparse.Onnx;

/// <summary>The values an LSTM leaves in the graph.</summary>
/// <param name="Outputs">h after every step, (steps, batch, kept neurons).</param>
/// <param name="H">h after the last step, (batch, kept neurons).</param>
/// <param name="C">c after the last step.</param>
/// <param name="Padding">Where the input is padding (a negative id), (steps, batch).</param>
internal sealed record LstmValues(string Outputs, string H, string C, string Padding);

/// <summary>
/// Writes a compressed LSTM (paper eq. 2-3 with z folded in; docs/method.md) into an ONNX graph. Outside the loop, the
/// input side of every step is one lookup: ids (batch, steps) pick rows of the input table. A Scan runs the
/// recurrence; its body computes only the live preactivations, h W^h + x + b, activates them (tanh on the g rows,
/// σ on the others), and assembles the four gates from them and the constant values of the removed ones.
/// A negative id is padding: it adds nothing to the preactivations, as the plain-.NET runtime's "no input".
/// </summary>
internal static class LstmGraph
{
    /// <summary>Emits the layer over <paramref name="ids"/> from the state (<paramref name="h0"/>, <paramref name="c0"/>).</summary>
    public static LstmValues Emit(OnnxGraph graph, LstmWeights weights, string ids, string h0, string c0)
    {
        if (weights.Hidden == 0) throw new ArgumentException("the model has no hidden neuron left; there is nothing to export");
        var stepMajor = graph.Node("Transpose", [ids], Attribute("perm", 1L, 0L));
        var padding = graph.Node("Less", [stepMajor, graph.Longs("zero", [0L])]);
        var known = graph.Node("Where", [padding, graph.Longs("padding_id", [(long)weights.Ids]), stepMajor]);
        var rows = graph.Node("Gather", [graph.Longs("row_of", weights.RowOf, weights.RowOf.Length), known]);
        var scanned = new List<string> { h0, c0 };
        if (weights.Live > 0)
            scanned.Add(graph.Node("Gather", [graph.Floats("input_table", weights.Table, weights.TableRows, weights.Live), rows]));
        else
            scanned.Add(graph.Node("Cast", [rows], Attribute("to", (long)DataType.Float)));   // only the step count matters
        var body = Cell(graph, weights);
        var outputs = graph.Node("Scan", scanned, 3, Attribute("body", body), Attribute("num_scan_inputs", 1L));
        return new(outputs[2], outputs[0], outputs[1], padding);
    }

    /// <summary>The body of the Scan: (h, c, x_t) to (h', c', h').</summary>
    private static OnnxGraph Cell(OnnxGraph outer, LstmWeights w)
    {
        var cell = new OnnxGraph(outer.Name + "/cell");
        const string h = "h_in", c = "c_in", x = "x_in";
        int hidden = w.Hidden, live = w.Live;
        cell.Declare(true, h, DataType.Float, "batch", hidden);
        cell.Declare(true, c, DataType.Float, "batch", hidden);
        if (live > 0) cell.Declare(true, x, DataType.Float, "batch", live);
        else cell.Declare(true, x, DataType.Float, "batch");

        string gates = live == 0 ? ConstantGates(outer, cell, w, h) : Gates(outer, cell, w, h, x);
        var (i, f, g, o) = cell.Node("Split", [gates], 4, Attribute("axis", 1L)) is var parts ? (parts[0], parts[1], parts[2], parts[3]) : default;
        var cNext = cell.Node("Add", [cell.Node("Mul", [f, c]), cell.Node("Mul", [i, g])]);
        var hNext = cell.Node("Mul", [o, cell.Node("Tanh", [cNext])]);
        var hOut = cell.Node("Identity", [hNext]);
        foreach (var value in new[] { hNext, cNext, hOut }) cell.Declare(false, value, DataType.Float, "batch", hidden);
        return cell;
    }

    /// <summary>(batch, 4K): the live preactivations activated, then gathered into gate order with the constant gates filled in.</summary>
    private static string Gates(OnnxGraph outer, OnnxGraph cell, LstmWeights w, string h, string x)
    {
        int live = w.Live;
        var pre = cell.Node("Add", [cell.Node("Add", [cell.Node("MatMul", [h, outer.Floats("recurrent_t", w.RecurrentT, w.Hidden, live)]), x]),
            outer.Floats("bias", w.Bias, live)]);
        var sigma = w.Gates switch
        {
            GateActivation.Sigmoid => cell.Node("Sigmoid", [pre]),
            GateActivation.HardSigmoid => cell.Node("HardSigmoid", [pre],
                Attribute("alpha", (float)GateActivations.HardSlope), Attribute("beta", (float)GateActivations.HardShift)),
            _ => throw GateActivations.Unknown(w.Gates),
        };
        var (first, end) = w.TanhRows;
        var activated = first == end ? sigma
            : cell.Node("Where", [outer.Bools("is_g_row", [.. Enumerable.Range(0, live).Select(r => r >= first && r < end)], live), cell.Node("Tanh", [pre]), sigma]);
        if (w.Slots.SequenceEqual(Enumerable.Range(0, w.Slots.Length))) return activated;   // every gate live, in order
        var gathered = cell.Node("Gather", [activated, outer.Longs("gate_row", [.. w.Slots.Select(s => (long)Math.Max(s, 0))], w.Slots.Length)], Attribute("axis", 1L));
        if (w.Slots.All(s => s >= 0)) return gathered;
        return cell.Node("Where", [outer.Bools("is_constant", [.. w.Slots.Select(s => s < 0)], w.Slots.Length),
            outer.Floats("constant_gate", w.Constants, w.Constants.Length), gathered]);
    }

    /// <summary>(batch, 4K) of the constant values, for a layer with no live gate.</summary>
    private static string ConstantGates(OnnxGraph outer, OnnxGraph cell, LstmWeights w, string h)
    {
        var shape = cell.Node("Concat", [cell.Node("Shape", [h], Attribute("end", 1L)), outer.Longs("gates", [(long)w.Slots.Length], 1)], Attribute("axis", 0L));
        return cell.Node("Expand", [outer.Floats("constant_gate", w.Constants, w.Constants.Length), shape]);
    }
}
