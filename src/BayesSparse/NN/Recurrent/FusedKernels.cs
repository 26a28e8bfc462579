using BayesSparse.NN.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// Private single-layer, batch-first fused <c>nn.LSTM</c> / <c>nn.GRU</c> modules that a SparseVD layer copies
/// its effective weights into: one per device, for the widths of the latest call. The widths change between calls: a
/// word LM fed one-hot over its batch's distinct words has a new input width nearly every batch, and a layer cut down
/// while training has a new hidden width. A kernel of other widths is disposed when a new one is made; keeping one for
/// every width seen held each kernel's weights for good (a word LM's resident size grew over its first epoch and again
/// after every cut; docs/results.md). They are not registered with the layer, so they never appear in its parameters
/// or state dict.
/// </summary>
internal sealed class FusedKernels : IDisposable
{
    private readonly Func<long, long, Device, nn.Module> _create;
    private readonly Dictionary<(long Width, long Hidden, string Device), nn.Module> _kernels = [];

    /// <param name="create">A kernel for (input width, hidden width, device).</param>
    public FusedKernels(Func<long, long, Device, nn.Module> create) => _create = create;

    /// <summary>How many kernels are held (at most one per device).</summary>
    internal int Count => _kernels.Count;

    /// <summary>The kernel for these widths on <paramref name="device"/>; a kernel of other widths there is disposed.</summary>
    public nn.Module Get(long inputWidth, long hiddenWidth, Device device)
    {
        var key = (inputWidth, hiddenWidth, device.ToString());
        if (!_kernels.TryGetValue(key, out var kernel))
        {
            foreach (var stale in _kernels.Keys.Where(k => k.Device == key.Item3).ToList())
            {
                _kernels[stale].Dispose();
                _kernels.Remove(stale);
            }
            // Created lazily, often inside a training step's dispose scope: the kernel must outlive it. Its own
            // initialisation (overwritten at every call) must not draw from torch's generator: a run resumed in a
            // new process creates the kernel in a later epoch than an uninterrupted one, and would sample different
            // noise from then on.
            using (var state = torch.Generator.Default.get_state())
            {
                _kernels[key] = kernel = _create(inputWidth, hiddenWidth, device);
                torch.Generator.Default.set_state(state);
            }
            foreach (var parameter in kernel.parameters()) parameter.DetachFromDisposeScope();
        }
        return kernel;
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
        var outputs = Run(Get(x.shape[2], weightHh.shape[1], input.device), x, weightIh, weightHh, biasIh, biasHh, states);
        foreach (var output in outputs) output.MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> with the given weights: through <see cref="FusedRecurrentFunction"/> when
    /// gradients are wanted, directly (in grad mode, with no graph) otherwise. Returns output and final state(s).
    /// </summary>
    public static Tensor[] Run(nn.Module kernel, Tensor input, Tensor weightIh, Tensor weightHh, Tensor biasIh,
        Tensor biasHh, params Tensor[] states)
    {
        object[] args = [kernel, input, weightIh, weightHh, biasIh, biasHh, .. states];
        if (is_grad_enabled())
        {
            return OutputTie.Apply(FusedRecurrentFunction.apply(args));
        }
        // With grad mode off, libtorch's float32 CPU LSTM takes oneDNN's inference kernel, which returns wrong
        // outputs for some shapes (docs/platform.md); with it on, the same call is exact. Nothing requires a
        // gradient here, so no graph is recorded.
        foreach (var parameter in Load(kernel, [weightIh, weightHh, biasIh, biasHh])) parameter.requires_grad_(false);
        using var gradMode = enable_grad(true);
        return Invoke(kernel, input, states);
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

    public void Dispose()
    {
        foreach (var kernel in _kernels.Values) kernel.Dispose();
        _kernels.Clear();
    }
}
