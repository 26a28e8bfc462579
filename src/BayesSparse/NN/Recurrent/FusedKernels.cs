using BayesSparse.NN.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// Private single-layer, batch-first fused <c>nn.LSTM</c> / <c>nn.GRU</c> modules that a SparseVD layer copies
/// its effective weights into. A kernel is lent to one call at a time (<see cref="Lend"/>): a call that records a graph
/// keeps it until its backward has run, since the graph differentiates the kernel's weights as they were, so two
/// forwards before one backward (gradient accumulation) each get their own. Returned, a kernel waits for the next
/// call, at most one per device; the next call of other widths disposes it. The widths change between calls: a word LM fed
/// one-hot over its batch's distinct words has a new input width nearly every batch, and a layer cut down while
/// training has a new hidden width; a kernel of other widths is disposed, not kept (keeping one for every width seen
/// made a word LM's resident size grow over its first epoch and again after every cut; docs/results.md). They are not
/// registered with the layer, so they never appear in its parameters or state dict.
/// </summary>
internal sealed class FusedKernels : IDisposable
{
    private readonly Func<long, long, Device, nn.Module> _create;
    private readonly object _lock = new();
    /// <summary>The kernel waiting for the next call, per device, with its widths.</summary>
    private readonly Dictionary<string, ((long Input, long Hidden) Widths, nn.Module Kernel)> _idle = [];
    private bool _disposed;

    /// <param name="create">A kernel for (input width, hidden width, device).</param>
    public FusedKernels(Func<long, long, Device, nn.Module> create) => _create = create;

    /// <summary>How many kernels wait for a call (at most one per device); lent ones are not counted.</summary>
    internal int Idle
    {
        get
        {
            lock (_lock) return _idle.Count;
        }
    }

    /// <summary>
    /// A kernel of these widths on <paramref name="device"/> that no other call holds: the waiting one when its widths
    /// match, else a new one (the waiting one, of other widths, is disposed). Dispose the lease to give it back.
    /// </summary>
    public KernelLease Lend(long inputWidth, long hiddenWidth, Device device)
    {
        var (widths, place) = ((inputWidth, hiddenWidth), device.ToString());
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.Remove(place, out var idle))
            {
                if (idle.Widths == widths) return new KernelLease(this, idle.Kernel, place, widths);
                idle.Kernel.Dispose();
            }
        }
        // Created lazily, often inside a training step's dispose scope: the kernel must outlive it. Its own
        // initialisation (overwritten at every call) must not draw from torch's generator: a run resumed in a new
        // process creates its kernels at other moments than an uninterrupted one, and would sample different noise.
        nn.Module kernel;
        using (var state = torch.Generator.Default.get_state())
        {
            kernel = _create(inputWidth, hiddenWidth, device);
            torch.Generator.Default.set_state(state);
        }
        foreach (var parameter in kernel.parameters()) parameter.DetachFromDisposeScope();
        return new KernelLease(this, kernel, place, widths);
    }

    /// <summary>Takes a lent kernel back: it waits for the next call if none waits there, else it is disposed.</summary>
    internal void GiveBack(nn.Module kernel, string place, (long Input, long Hidden) widths)
    {
        lock (_lock)
        {
            if (!_disposed && !_idle.ContainsKey(place))
            {
                _idle[place] = (widths, kernel);
                return;
            }
        }
        kernel.Dispose();
    }

    /// <summary>
    /// Runs the fused recurrence on features (B, T, In), or on tokens (B, T) read as one-hot over In. For tokens
    /// the kernel's input product costs In multiply-adds per gate row when fed the one-hot vectors, or 4H when fed
    /// the looked-up projection (rows of W^x's transpose) through an identity input matrix; the cheaper is used:
    /// one-hot for PTB char (50 symbols, 4H = 4000) and for a PTB word batch read through its distinct words (about
    /// 550, 4H = 1024), the lookup over all 10,000 words; see docs/results.md for what the identity product cost PTB char.
    /// </summary>
    public Tensor[] Forward(Tensor input, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh, params Tensor[] states)
    {
        using var scope = NewDisposeScope();
        var x = input;
        if (InputProjection.IsTokens(input) && weightIh.shape[1] <= weightIh.shape[0])
            x = nn.functional.one_hot(input, weightIh.shape[1]).to(weightIh.dtype);
        else if (InputProjection.IsTokens(input))
        {
            x = InputProjection.Project(input, weightIh, null);
            weightIh = eye(weightIh.shape[0], device: input.device);
        }
        var outputs = Run(Lend(x.shape[2], weightHh.shape[1], input.device), x, weightIh, weightHh, biasIh, biasHh, states);
        foreach (var output in outputs) output.MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>
    /// Runs the lent kernel with the given weights: through <see cref="FusedRecurrentFunction"/> when a gradient is
    /// wanted (its graph gives the kernel back after backward), directly (in grad mode, with no graph) otherwise,
    /// giving it back at once. Returns output and final state(s).
    /// </summary>
    private static Tensor[] Run(KernelLease lease, Tensor input, Tensor weightIh, Tensor weightHh, Tensor biasIh,
        Tensor biasHh, params Tensor[] states)
    {
        Tensor[] tensors = [input, weightIh, weightHh, biasIh, biasHh, .. states];
        if (is_grad_enabled() && tensors.Any(t => t.requires_grad))
        {
            return OutputTie.Apply(FusedRecurrentFunction.apply([lease, .. tensors]));
        }
        using (lease)
        {
            // With grad mode off, libtorch's float32 CPU LSTM takes oneDNN's inference kernel, which returns wrong
            // outputs for some shapes (docs/platform.md); with it on, the same call is exact. Nothing requires a
            // gradient here, so no graph is recorded.
            foreach (var parameter in Load(lease.Kernel, [weightIh, weightHh, biasIh, biasHh])) parameter.requires_grad_(false);
            using var gradMode = enable_grad(true);
            return Invoke(lease.Kernel, input, states);
        }
    }

    /// <summary>Copies weight_ih, weight_hh, bias_ih, bias_hh into the kernel; returns its parameters.</summary>
    public static Tensor[] Load(nn.Module kernel, Tensor[] weights)
    {
        var parameters = kernel.parameters().ToArray(); // weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0
        using var _ = no_grad();
        for (int i = 0; i < 4; i++) parameters[i].copy_(weights[i]);
        return parameters;
    }

    /// <summary>Runs the kernel; returns output, h_n and (LSTM) c_n.</summary>
    public static Tensor[] Invoke(nn.Module kernel, Tensor input, Tensor[] states) => kernel switch
    {
        TorchSharp.Modules.LSTM lstm => lstm.forward(input, (states[0], states[1])) is var (o, h, c) ? [o, h, c] : [],
        TorchSharp.Modules.GRU gru => gru.forward(input, states[0]) is var (o, h) ? [o, h] : [],
        _ => throw new ArgumentException($"unsupported fused module {kernel.GetName()}"),
    };

    /// <summary>Disposes the waiting kernels; lent ones are disposed when given back.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var (_, kernel) in _idle.Values) kernel.Dispose();
            _idle.Clear();
        }
    }
}

/// <summary>A kernel lent by <see cref="FusedKernels.Lend"/>; disposing the lease gives it back (once).</summary>
internal sealed class KernelLease(FusedKernels owner, nn.Module kernel, string place, (long Input, long Hidden) widths) : IDisposable
{
    private int _returned;

    /// <summary>The kernel, the lease's holder's alone until it is given back.</summary>
    public nn.Module Kernel => kernel;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0) owner.GiveBack(kernel, place, widths);
    }
}
