using BayesSparse.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// The per-step LSTM recurrence with group variables (paper, eq. 2-3), for z sampled per sequence:
/// <code>
/// i, f, o = σ((W^x (x_t * z^x) + W^h h_{t-1}) * z^{i,f,o} + b)
/// g       = tanh((W^x (x_t * z^x) + W^h h_{t-1}) * z^g + b_g)
/// c_t = f * c_{t-1} + i * g ;   h_t = o * tanh(c_t) * z^h
/// </code>
/// σ is the <see cref="GateActivation"/>: the sigmoid as in PyTorch, or the authors' hard_sigmoid. Gates are
/// stacked i, f, g, o as in PyTorch. <see cref="Reference"/> states it step by step in tensor code; the
/// fast paths (<see cref="Unroll"/>: <see cref="LstmUnrollFunction"/> and, on float32 CPU, <see cref="LstmUnrollKernel"/>;
/// <see cref="UnrollWithConstantGates"/>) compute the same and are tested against it (<c>LstmCellTests</c>).
/// </summary>
public static class LstmCell
{
    /// <summary>
    /// Unrolls the recurrence over time; under autograd as one node with hand-written backpropagation through
    /// time (<see cref="LstmUnrollFunction"/>).
    /// </summary>
    /// <param name="projection">W^x (x * z^x) for every step at once, (B, T, 4H): one matmul outside the loop.</param>
    /// <param name="weightHh">W^h, (4H, H).</param>
    /// <param name="bias">b, (4H).</param>
    /// <param name="zGates">Gate z, (N, 4H) with N = 1 or B, or null.</param>
    /// <param name="zHidden">z^h, (N, H), or null.</param>
    /// <param name="h0">Initial state before z^h, (B, H).</param>
    /// <param name="c0">Initial cell, (B, H).</param>
    /// <param name="gates">σ of the i, f and o gates.</param>
    /// <returns>Outputs h_t (with z^h), (B, T, H); the last state before z^h and the last cell, (B, H).</returns>
    public static (Tensor Output, Tensor H, Tensor C) Unroll(Tensor projection, Tensor weightHh, Tensor bias,
        Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates = GateActivation.Sigmoid) =>
        LstmUnrollFunction.Unroll(projection, weightHh, bias, zGates, zHidden, h0, c0, gates);

    /// <summary>
    /// The recurrence (paper, eq. 2-3) one step at a time, differentiated by generic autograd: the definition the
    /// fast paths are tested against. Same arguments and results as <see cref="Unroll"/>.
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor C) Reference(Tensor projection, Tensor weightHh, Tensor bias,
        Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates = GateActivation.Sigmoid)
    {
        using var scope = NewDisposeScope();
        Tensor h = h0, c = c0;
        var outputs = new List<Tensor>();
        foreach (var x in projection.unbind(1))
        {
            var s = zHidden is null ? h : h * zHidden;                 // z^h scales h wherever it is read
            var sum = x.Plus(s.matmul(weightHh.t()));                  // W^x (x_t z^x) + W^h h_{t-1}
            var pre = (zGates is null ? sum : sum * zGates).Plus(bias).chunk(4, 1);
            (h, c) = Step(gates.Apply(pre[0]), gates.Apply(pre[1]), pre[2].tanh(), gates.Apply(pre[3]), c);
            outputs.Add(zHidden is null ? h : h * zHidden);
        }
        return (stack(outputs, 1).MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// A cell unroll's result in a layer's shapes, for <c>nn.LSTM</c>-shaped modules: h and c become (1, B, H); all
    /// three are moved out of the caller's dispose scope.
    /// </summary>
    internal static (Tensor Output, Tensor H, Tensor C) AsLayerResult(this (Tensor Output, Tensor H, Tensor C) result) =>
        (result.Output.MoveToOuterDisposeScope(), result.H.unsqueeze(0).MoveToOuterDisposeScope(),
            result.C.unsqueeze(0).MoveToOuterDisposeScope());

    /// <summary>c' = f * c + i * g, h = o * tanh(c') from activated gates.</summary>
    private static (Tensor H, Tensor C) Step(Tensor i, Tensor f, Tensor g, Tensor o, Tensor c)
    {
        var next = (f * c).Plus(i * g);
        return (o * next.tanh(), next);
    }

    /// <summary>
    /// Eval-mode unroll where some gate components are constant (their z was zeroed): the constants
    /// σ(b) / tanh(b) are computed once, and each step computes only the live components.
    /// </summary>
    /// <param name="inputGates">Live columns of W^x x + b for all steps, (B, T, L).</param>
    /// <param name="weightHhLive">Live rows of the folded W^h (z^h and the gate z already in it), (L, H).</param>
    /// <param name="live">Indices of the live components in 0..4H-1, (L).</param>
    /// <param name="bias">The full bias, (4H).</param>
    /// <param name="zHidden">z^h, (1, H), or null: scales the outputs only.</param>
    /// <param name="h0">Initial state before z^h, (B, H).</param>
    /// <param name="c0">Initial cell, (B, H).</param>
    /// <param name="gates">σ of the i, f and o gates.</param>
    public static (Tensor Output, Tensor H, Tensor C) UnrollWithConstantGates(Tensor inputGates, Tensor weightHhLive,
        Tensor live, Tensor bias, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates = GateActivation.Sigmoid)
    {
        using var scope = NewDisposeScope();
        long hidden = bias.shape[0] / 4;
        using Scalar rows = 4 * hidden, width = hidden, gIndex = 2;
        var isTanh = HeldScalarMath.Arange(rows, bias.device).div(width, rounding_mode: RoundingMode.floor).eq(gIndex);
        var constants = where(isTanh, bias.tanh(), gates.Apply(bias)); // computed once
        var liveIsTanh = isTanh.index_select(0, live);
        var weightT = weightHhLive.t();
        Tensor h = h0, c = c0;
        var outputs = new List<Tensor>();
        foreach (var step in inputGates.unbind(1))
        {
            // z^h is folded into W^h's columns already: the recurrence reads h itself, the output h * z^h.
            var pre = step.Plus(h.matmul(weightT));
            var activated = where(liveIsTanh, pre.tanh(), gates.Apply(pre));
            var all = constants.expand(h.shape[0], -1).index_copy(1, live, activated).chunk(4, 1);
            (h, c) = Step(all[0], all[1], all[2], all[3], c);
            outputs.Add(zHidden is null ? h : h * zHidden);
        }
        var output = stack(outputs, 1);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
