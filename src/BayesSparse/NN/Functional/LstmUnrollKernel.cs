using BayesSparse.Inference;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using static BayesSparse.NN.Functional.TensorMemory;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// <see cref="LstmUnrollFunction"/>'s recurrence on float32 CPU tensors: per step one libtorch matmul, and
/// everything else (gate z, bias, activations, cell; backward the gate gradients and the per-row sums for dz and
/// db) as vectorised <see cref="TensorPrimitives"/> calls over the batch rows, in buffers allocated once for all
/// steps. The tensor path instead issues about twenty small libtorch operations per step and several full
/// (B, T, 4H) passes around the loop. The rows run in order on one thread (docs/results.md: splitting them did not
/// help).
/// </summary>
/// <remarks>The math is the one in <see cref="LstmUnrollFunction"/>'s remarks.</remarks>
internal static unsafe class LstmUnrollKernel
{
    /// <summary>
    /// Forward values that backward reads (and the σ of i, f and o): Gates (T, B, 4H) activated i, f, g, o; Cells (T + 1, B, H) c_0..c_T;
    /// Scaled (T + 1, B, H) s_t = h_t * z^h from s_0 = h_0 * z^h; Sums (T, B, 4H) u_t = projection_t + s_{t-1}
    /// W^h^T (kept only with a gate z, which dz reads). Owns its tensors (detached from dispose scopes).
    /// </summary>
    internal sealed record Trace(Tensor WeightHh, Tensor? ZGates, Tensor? ZHidden, Tensor H0, Tensor Gates,
        Tensor Cells, Tensor Scaled, Tensor? Sums, GateActivation Activation) : IDisposable
    {
        private IEnumerable<Tensor> All => new[] { WeightHh, ZGates, ZHidden, H0, Gates, Cells, Scaled, Sums }
            .OfType<Tensor>();

        /// <summary>Detaches every tensor from the current dispose scope; the trace disposes them.</summary>
        public Trace Own()
        {
            foreach (var t in All) t.DetachFromDisposeScope();
            return this;
        }

        public void Dispose()
        {
            foreach (var t in All) t.Dispose();
        }
    }

    /// <summary>Whether the kernel handles these tensors (all float32 on the CPU).</summary>
    public static bool Supports(params Tensor?[] tensors) => tensors.OfType<Tensor>().All(IsCpuFloat32);

    /// <summary>Runs the recurrence; returns the outputs (B, T, H), h_T, c_T and the trace for backward.</summary>
    public static (Tensor Output, Tensor H, Tensor C, Trace Trace) Forward(Tensor projection, Tensor weightHh,
        Tensor bias, Tensor? zGates, Tensor? zHidden, Tensor h0, Tensor c0, GateActivation activation)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (batch, hidden, steps) = ((int)h0.shape[0], (int)h0.shape[1], (int)projection.shape[1]);
        var (input, b, zg, zh) = (projection.contiguous(), bias.contiguous(), zGates?.contiguous(), zHidden?.contiguous());
        // Without a gate z backward does not read u_t: one step's buffer serves every step.
        var sums = empty(zg is null ? 1 : steps, batch, 4 * hidden);
        var trace = new Trace(weightHh.alias(), zg?.alias(), zh?.alias(), h0.alias(), empty(steps, batch, 4 * hidden),
            empty(steps + 1, batch, hidden), empty(steps + 1, batch, hidden), zg is null ? null : sums.alias(), activation);
        trace.Cells[0].copy_(c0);
        trace.Scaled[0].copy_(zh is null ? h0 : h0 * zh);
        var last = empty(batch, hidden);
        var rows = Rows.For(batch, hidden, steps, zg, zh, b, activation);
        var (pInput, pGates, pCells, pScaled, pSums, pLast) = (Address(input), Address(trace.Gates),
            Address(trace.Cells), Address(trace.Scaled), Address(sums), Address(last));
        var (previous, sumSteps, weightT) = (trace.Scaled.unbind(0), sums.unbind(0), weightHh.t());
        for (int t = 0; t < steps; t++)
        {
            int slot = zg is null ? 0 : t;
            sumSteps[slot].addmm_(previous[t], weightT, beta: 0);
            nint lastH = t == steps - 1 ? pLast : 0;
            for (int row = 0; row < batch; row++)
                rows.Forward(t, slot, row, pInput, pGates, pCells, pScaled, pSums, lastH);
        }
        var output = trace.Scaled.narrow(0, 1, steps).permute(1, 0, 2).contiguous();
        var c = trace.Cells[steps].clone();
        return (output.MoveToOuterDisposeScope(), last.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope(), trace.Own());
    }

    /// <summary>
    /// Backpropagation through time from the trace; returns the gradients of projection, W^h, bias, z_gates, z^h,
    /// h_0 and c_0 (null for an absent z). Any of the output gradients may be null (did not reach the loss).
    /// </summary>
    public static List<Tensor> Backward(Trace trace, Tensor? gradOutput, Tensor? gradH, Tensor? gradC)
    {
        using var scope = NewDisposeScope();
        var (steps, batch, hidden) = ((int)trace.Scaled.shape[0] - 1, (int)trace.Scaled.shape[1], (int)trace.Scaled.shape[2]);
        var dProjection = empty(steps, batch, 4 * hidden); // = dL/du_t = dpre_t * z_g, time-major
        var dNext = zeros(batch, hidden); // dL/ds_t through step t + 1's recurrent matmul
        var dc = gradC is null ? zeros(batch, hidden) : gradC.contiguous().clone();
        var (dBias, dzGates, dzHidden) = (zeros(batch, 4 * hidden), trace.ZGates is null ? null : zeros(batch, 4 * hidden),
            trace.ZHidden is null ? null : zeros(batch, hidden)); // per-row sums over the steps
        var (gOutput, gH) = (gradOutput?.contiguous(), gradH?.contiguous());
        var rows = Rows.For(batch, hidden, steps, trace.ZGates, trace.ZHidden, null, trace.Activation);
        var sums = new Sums(Address(dBias), Address(dzGates), Address(dzHidden));
        var (pGates, pCells, pScaled, pSums, pProjection, pNext, pDc, pOutput, pH) = (Address(trace.Gates),
            Address(trace.Cells), Address(trace.Scaled), Address(trace.Sums), Address(dProjection), Address(dNext),
            Address(dc), Address(gOutput), Address(gH));
        var dSteps = dProjection.unbind(0);
        for (int t = steps - 1; t >= 0; t--)
        {
            nint lastH = t == steps - 1 ? pH : 0;
            for (int row = 0; row < batch; row++)
                rows.Backward(t, row, pGates, pCells, pScaled, pSums, pProjection, pNext, pDc, pOutput, lastH, sums);
            dNext.addmm_(dSteps[t], trace.WeightHh, beta: 0);
        }
        var previous = trace.Scaled.narrow(0, 0, steps).reshape(-1, hidden);
        var dWeightHh = dProjection.reshape(-1, 4 * hidden).t().mm(previous);
        var dzg = dzGates is null ? null : LstmUnrollFunction.ShapeLike(dzGates, trace.ZGates!);
        // s_0 = h_0 * z^h adds one more term to dz^h
        var dzh = dzHidden is null ? null : LstmUnrollFunction.ShapeLike(dzHidden.Plus(dNext * trace.H0), trace.ZHidden!);
        var dh0 = trace.ZHidden is null ? dNext : dNext * trace.ZHidden;
        List<Tensor> result = [dProjection.permute(1, 0, 2), dWeightHh, dBias.sum(dim: 0), dzg!, dzh!, dh0, dc];
        foreach (var t in result) t?.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>Per-row accumulators of backward, (B, *): db, dz_g and dz^h (0 when absent).</summary>
    private readonly record struct Sums(nint Bias, nint ZGates, nint ZHidden);

    /// <summary>One step's arithmetic for one batch row, on raw buffers laid out as in <see cref="Trace"/>.</summary>
    private readonly record struct Rows(int Batch, int Hidden, int Steps, nint ZGates, bool SharedZGates, nint ZHidden,
        bool SharedZHidden, nint Bias, GateActivation Activation)
    {
        /// <summary>For (B, T, 4H) projections; z (N, *) with N = 1 (shared) or B (per sequence), or null.</summary>
        public static Rows For(int batch, int hidden, int steps, Tensor? zGates, Tensor? zHidden, Tensor? bias,
            GateActivation activation) =>
            new(batch, hidden, steps, Address(zGates), zGates?.shape[0] == 1, Address(zHidden), zHidden?.shape[0] == 1,
                Address(bias), activation);

        private int G => 4 * Hidden;

        /// <summary>u = projection_t + rec (rec already in the sums slot); pre = u * z_g + b activated; c_t, s_t.</summary>
        public void Forward(int t, int slot, int b, nint input, nint gates, nint cells, nint scaled, nint sums, nint lastH)
        {
            long row = (long)t * Batch + b;
            var u = Floats(sums, ((long)slot * Batch + b) * G, G);
            TensorPrimitives.Add(u, Floats(input, ((long)b * Steps + t) * G, G), u);
            var pre = Floats(gates, row * G, G);
            var bias = Floats(Bias, 0, G);
            if (ZGates == 0) TensorPrimitives.Add(u, bias, pre);
            else TensorPrimitives.MultiplyAdd(u, ZGatesRow(b), bias, pre);
            var (i, f, g, o) = Split(pre);
            Activation.Apply(pre[..(2 * Hidden)], pre[..(2 * Hidden)]);
            TensorPrimitives.Tanh(g, g);
            Activation.Apply(o, o);
            var cOld = Floats(cells, row * Hidden, Hidden);
            var cNew = Floats(cells, (row + Batch) * Hidden, Hidden);
            TensorPrimitives.Multiply(f, cOld, cNew);
            TensorPrimitives.MultiplyAdd(i, g, cNew, cNew);
            var s = Floats(scaled, (row + Batch) * Hidden, Hidden);
            TensorPrimitives.Tanh(cNew, s);
            TensorPrimitives.Multiply(s, o, s); // h_t
            if (lastH != 0) s.CopyTo(Floats(lastH, (long)b * Hidden, Hidden));
            if (ZHidden != 0) TensorPrimitives.Multiply(s, ZHiddenRow(b), s);
        }

        /// <summary>
        /// ds_t = next + gradOutput_t (dz^h += ds_t h_t); dh = ds_t z^h (+ gradH at the last step);
        /// dc += dh o (1 - tanh^2 c_t); dpre = [dc g σ'(i), dc c_{t-1} σ'(f), dc i (1-g^2), dh tanh(c_t) σ'(o)]
        /// (db += dpre, dz_g += dpre u_t); du_t = dpre z_g; dc *= f.
        /// </summary>
        public void Backward(int t, int b, nint gates, nint cells, nint scaled, nint sums, nint dProjection, nint next,
            nint dc, nint gradOutput, nint gradH, Sums accumulate)
        {
            long row = (long)t * Batch + b;
            Span<float> ds = stackalloc float[Hidden], dh = stackalloc float[Hidden], tanhC = stackalloc float[Hidden],
                k = stackalloc float[Hidden], dPre = stackalloc float[G];
            var nextRow = Floats(next, (long)b * Hidden, Hidden);
            if (gradOutput == 0) nextRow.CopyTo(ds);
            else TensorPrimitives.Add(nextRow, Floats(gradOutput, ((long)b * Steps + t) * Hidden, Hidden), ds);
            var (i, f, g, o) = Split(Floats(gates, row * G, G));
            var cOld = Floats(cells, row * Hidden, Hidden);
            var cNew = Floats(cells, (row + Batch) * Hidden, Hidden);
            TensorPrimitives.Tanh(cNew, tanhC);
            if (ZHidden == 0) ds.CopyTo(dh);
            else
            {
                TensorPrimitives.Multiply(o, tanhC, k); // h_t
                var dz = Floats(accumulate.ZHidden, (long)b * Hidden, Hidden);
                TensorPrimitives.MultiplyAdd(ds, k, dz, dz);
                TensorPrimitives.Multiply(ds, ZHiddenRow(b), dh);
            }
            if (gradH != 0) TensorPrimitives.Add(dh, Floats(gradH, (long)b * Hidden, Hidden), dh);
            var dcRow = Floats(dc, (long)b * Hidden, Hidden);
            TensorPrimitives.Multiply(tanhC, tanhC, k);
            TensorPrimitives.Subtract(1f, k, k);
            TensorPrimitives.Multiply(k, o, k);
            TensorPrimitives.MultiplyAdd(dh, k, dcRow, dcRow);
            var (dI, dF, dG, dO) = Split(dPre);
            Activation.Slope(i, k);
            TensorPrimitives.Multiply(k, g, k);
            TensorPrimitives.Multiply(k, dcRow, dI);
            Activation.Slope(f, k);
            TensorPrimitives.Multiply(k, cOld, k);
            TensorPrimitives.Multiply(k, dcRow, dF);
            TensorPrimitives.Multiply(g, g, k);
            TensorPrimitives.Subtract(1f, k, k);
            TensorPrimitives.Multiply(k, i, k);
            TensorPrimitives.Multiply(k, dcRow, dG);
            Activation.Slope(o, k);
            TensorPrimitives.Multiply(k, tanhC, k);
            TensorPrimitives.Multiply(k, dh, dO);
            var dBias = Floats(accumulate.Bias, (long)b * G, G);
            TensorPrimitives.Add(dBias, dPre, dBias);
            var du = Floats(dProjection, row * G, G);
            if (ZGates == 0) dPre.CopyTo(du);
            else
            {
                var dz = Floats(accumulate.ZGates, (long)b * G, G);
                TensorPrimitives.MultiplyAdd(dPre, Floats(sums, row * G, G), dz, dz);
                TensorPrimitives.Multiply(dPre, ZGatesRow(b), du);
            }
            TensorPrimitives.Multiply(dcRow, f, dcRow);
        }

        private Blocks Split(Span<float> row) => new(row, Hidden);

        /// <summary>z rows: one per sequence, or one shared row.</summary>
        private Span<float> ZGatesRow(int b) => Floats(ZGates, (SharedZGates ? 0 : b) * (long)G, G);

        private Span<float> ZHiddenRow(int b) => Floats(ZHidden, (SharedZHidden ? 0 : b) * (long)Hidden, Hidden);
    }

    /// <summary>The i, f, g, o blocks of a (4H) row.</summary>
    private readonly ref struct Blocks(Span<float> row, int hidden)
    {
        private readonly Span<float> _row = row;

        public void Deconstruct(out Span<float> i, out Span<float> f, out Span<float> g, out Span<float> o)
        {
            i = _row[..hidden];
            f = _row.Slice(hidden, hidden);
            g = _row.Slice(2 * hidden, hidden);
            o = _row.Slice(3 * hidden, hidden);
        }
    }
}
