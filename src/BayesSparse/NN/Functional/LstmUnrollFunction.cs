using BayesSparse.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// <see cref="LstmCell.Unroll"/> as one autograd node with hand-written backpropagation through time. Generic
/// autograd records a dozen nodes per step and replays twice as many small operations backward; here forward
/// runs without a graph, everything that does not depend on the backward recurrence is computed once for all
/// steps in large tensor operations, and each backward step is six small operations and one matmul.
/// </summary>
/// <remarks>
/// Arguments of <c>apply</c>: projection (B, T, 4H), weightHh (4H, H), bias (4H), zGates (N, 4H) or null, zHidden
/// (N, H) or null, h0 and c0 (B, H), and the <see cref="GateActivation"/> σ of i, f and o. Returns output (B, T, H) (h with z^h), h_T before z^h and c_T.
/// <para>With u_t = projection_t + s_{t-1} W^h^T, pre_t = u_t * z^g + b, s_t = h_t * z^h and the activated gates
/// (i, f, g, o):
/// dh_t = ds_t * z^h; dc_t = dc_{t+1} f_{t+1} + dh_t o (1 - tanh^2 c_t); and by the chain rule through the
/// activations dpre_t = [dc_t, dc_t, dc_t, dh_t] * K_t with K_t = [g σ'(i), c_{t-1} σ'(f), i (1 - g^2),
/// tanh(c_t) σ'(o)] (σ' from the activated value: a (1 - a) for the sigmoid, 0.2 between the clips for
/// hard_sigmoid), which forward computes for all steps at once. Then du_t = dpre_t * z^g (the gradient of
/// projection_t) and ds_{t-1} = du_t W^h, and after the loop dz^g = sum_t dpre_t * u_t, db = sum_t dpre_t,
/// dz^h = sum_t ds_t * h_t and dW^h = sum_t du_t^T s_{t-1}, each one operation over all steps.</para>
/// <para>On float32 CPU tensors <see cref="LstmUnrollKernel"/> runs it; this class's own loop serves other
/// devices and dtypes.</para>
/// </remarks>
internal sealed class LstmUnrollFunction : autograd.MultiTensorFunction<LstmUnrollFunction>
{
    /// <summary>
    /// What backward needs, (B, T, *) over all steps: aliases of the inputs (the caller's scope may free them
    /// before backward runs) and forward's values, all detached from dispose scopes and disposed by backward.
    /// </summary>
    private sealed record Saved(Tensor WeightHh, Tensor? ZGates, Tensor? ZHidden, Tensor H0, Tensor Slopes,
        Tensor CellSlopes, Tensor Forget, Tensor Hidden, Tensor Previous, Tensor? Sums) : IDisposable
    {
        public IEnumerable<Tensor> All => new[] { WeightHh, ZGates, ZHidden, H0, Slopes, CellSlopes, Forget, Hidden,
            Previous, Sums }.OfType<Tensor>();

        public void Dispose()
        {
            foreach (var t in All) t.Dispose();
        }
    }

    /// <inheritdoc />
    public override string Name => nameof(LstmUnrollFunction);

    /// <summary>Unrolls the recurrence; with autograd one node (see the class remarks), without a plain loop.</summary>
    public static (Tensor Output, Tensor H, Tensor C) Unroll(Tensor projection, Tensor weightHh, Tensor bias,
        Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates)
    {
        if (is_grad_enabled())
        {
            var outputs = OutputTie.Apply(apply(projection, weightHh, bias, zGates!, zHidden!, h0, c0, gates));
            return (outputs[0], outputs[1], outputs[2]);
        }
        var (output, h, c, saved) = Run(projection, weightHh, bias, zGates, zHidden, h0, c0, gates, keep: false);
        saved?.Dispose();
        return (output, h, c);
    }

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (output, h, c, saved) = Run((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], vars[3] as Tensor,
            vars[4] as Tensor, (Tensor)vars[5], (Tensor)vars[6], (GateActivation)vars[7], keep: true);
        ctx.save_data(nameof(Saved), saved!);
        ctx.set_materialize_grads(false);
        return [output, h, c];
    }

    /// <summary>
    /// Forward on the kernel where it applies, else the tensor loop; what backward needs is the last item (the
    /// tensor loop builds it only when <paramref name="keep"/>; the kernel's trace is its working memory anyway).
    /// </summary>
    private static (Tensor Output, Tensor H, Tensor C, IDisposable? Saved) Run(Tensor projection, Tensor weightHh,
        Tensor bias, Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation gates, bool keep)
    {
        if (!LstmUnrollKernel.Supports(projection, weightHh, bias, zGates, zHidden, h0, c0))
            return RunWithTensorOps(projection, weightHh, bias, zGates, zHidden, h0, c0, gates, keep);
        var (output, h, c, trace) = LstmUnrollKernel.Forward(projection, weightHh, bias, zGates, zHidden, h0, c0, gates);
        return (output, h, c, trace);
    }

    private static (Tensor Output, Tensor H, Tensor C, IDisposable? Saved) RunWithTensorOps(Tensor projection,
        Tensor weightHh, Tensor bias, Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation activation, bool keep)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using Scalar one = 1.0; // held until libtorch returns (an implicit Scalar is freed by its finalizer)
        var weightHhT = weightHh.t();
        long hidden = h0.shape[1];
        int steps = (int)projection.shape[1];
        var (gates, cells, tanhCells, hiddens, scaled, sums) = (new Tensor[steps], new Tensor[steps + 1],
            new Tensor[steps], new Tensor[steps], new Tensor[steps + 1], new Tensor[steps]);
        cells[0] = c0;
        scaled[0] = zHidden is null ? h0 : h0 * zHidden;
        var inputs = projection.unbind(1);
        for (int t = 0; t < steps; t++)
        {
            sums[t] = torch.addmm(inputs[t], scaled[t], weightHhT, 1, 1);
            var pre = zGates is null ? sums[t].Plus(bias) : torch.addcmul(bias, sums[t], zGates, one);
            var a = activation.Apply(pre);
            a.narrow(1, 2 * hidden, hidden).copy_(pre.narrow(1, 2 * hidden, hidden).tanh());
            gates[t] = a;
            var g = a.chunk(4, 1);
            cells[t + 1] = torch.addcmul(g[1] * cells[t], g[0], g[2], one);
            tanhCells[t] = cells[t + 1].tanh();
            hiddens[t] = g[3] * tanhCells[t];
            scaled[t + 1] = zHidden is null ? hiddens[t] : hiddens[t] * zHidden;
        }
        var output = stack(scaled[1..], 1);
        var (h, c) = (hiddens[steps - 1].alias(), cells[steps].alias());
        if (!keep) return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope(), null);
        var all = stack(gates, 1).chunk(4, 2); // i, f, g, o over all steps
        var (i, f, cell, o) = (all[0], all[1], all[2], all[3]);
        var tanhC = stack(tanhCells, 1);
        var slopes = cat([cell * activation.SlopeAt(i), stack(cells[..steps], 1) * activation.SlopeAt(f), i * one.Minus(cell * cell),
            tanhC * activation.SlopeAt(o)], 2);
        var saved = new Saved(weightHh.alias(), zGates?.alias(), zHidden?.alias(), h0.alias(), slopes,
            o * one.Minus(tanhC * tanhC), f.contiguous(), stack(hiddens, 1), stack(scaled[..steps], 1),
            zGates is null ? null : stack(sums, 1));
        foreach (var t in saved.All) t.DetachFromDisposeScope();
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope(), saved);
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        Tensor? Defined(Tensor? g) => g is null || g.IsInvalid ? null : g;
        var (gradOutput, gradH, gradC) = (Defined(gradOutputs[0]), Defined(gradOutputs[1]), Defined(gradOutputs[2]));
        using var data = (IDisposable)ctx.get_data(nameof(Saved));
        var gradients = data is LstmUnrollKernel.Trace trace
            ? LstmUnrollKernel.Backward(trace, gradOutput, gradH, gradC)
            : BackwardWithTensorOps((Saved)data, gradOutput, gradH, gradC);
        gradients.Add(null!); // the gate activation
        return gradients;
    }

    private static List<Tensor> BackwardWithTensorOps(Saved saved, Tensor? gradOutput, Tensor? gradH, Tensor? gradC)
    {
        using var scope = NewDisposeScope();
        using Scalar one = 1.0; // held until libtorch returns (an implicit Scalar is freed by its finalizer)
        long hidden = saved.H0.shape[1];
        int steps = (int)saved.Slopes.shape[1];
        var (outputGrads, slopes, cellSlopes, forget) = (gradOutput?.unbind(1), saved.Slopes.unbind(1),
            saved.CellSlopes.unbind(1), saved.Forget.unbind(1));
        var dc = gradC ?? zeros_like(saved.H0);
        var dScaled = zeros_like(saved.H0); // dL/ds_t through step t + 1's recurrent matmul
        var (dPre, dSums, dScaledAll) = (new Tensor[steps], new Tensor[steps], new Tensor[steps]);
        for (int t = steps - 1; t >= 0; t--)
        {
            dScaledAll[t] = outputGrads is null ? dScaled : dScaled.Plus(outputGrads[t]);
            var dh = saved.ZHidden is null ? dScaledAll[t] : dScaledAll[t] * saved.ZHidden;
            if (t == steps - 1 && gradH is not null) dh = dh.Plus(gradH);
            dc = torch.addcmul(dc, dh, cellSlopes[t], one);
            dPre[t] = cat([dc, dc, dc, dh], 1).mul_(slopes[t]);
            dSums[t] = saved.ZGates is null ? dPre[t] : dPre[t] * saved.ZGates;
            dScaled = dSums[t].matmul(saved.WeightHh);
            dc = dc * forget[t];
        }
        var dPreAll = stack(dPre, 1);
        var dProjection = stack(dSums, 1);
        var dWeightHh = dProjection.reshape(-1, 4 * hidden).t().matmul(saved.Previous.reshape(-1, hidden));
        var dBias = dPreAll.sum([0, 1]);
        var dzGates = saved.ZGates is null ? null : ShapeLike((dPreAll * saved.Sums!).sum(1), saved.ZGates);
        // s_{-1} = h0 * z^h adds one more term to dz^h
        var dzHidden = saved.ZHidden is null ? null
            : ShapeLike((stack(dScaledAll, 1) * saved.Hidden).sum(1).Plus(dScaled * saved.H0), saved.ZHidden);
        var dh0 = saved.ZHidden is null ? dScaled : dScaled * saved.ZHidden;
        List<Tensor> result = [dProjection, dWeightHh, dBias, dzGates!, dzHidden!, dh0, dc];
        foreach (var t in result) t?.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>A per-sequence gradient (B, D) shaped like its z: (B, D), or summed to (1, D) for a shared z.</summary>
    internal static Tensor ShapeLike(Tensor perSequence, Tensor z) =>
        z.shape[0] == perSequence.shape[0] ? perSequence : perSequence.sum(0, keepdim: true);
}
