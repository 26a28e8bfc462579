using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// Runs libtorch's fused LSTM or GRU kernel with weights computed elsewhere (posterior samples with the group
/// variables folded in), as one autograd node: forward copies the weights into a private fused module and runs
/// it on its own small graph; backward differentiates that graph and hands the gradients of the input, the
/// weights and the initial state back to the caller's graph, so the variational parameters receive them.
/// </summary>
/// <remarks>
/// Arguments of <c>apply</c>: the lease of a fused module (<see cref="KernelLease"/> of an <c>nn.LSTM</c> or
/// <c>nn.GRU</c>, one layer, batch-first, not registered anywhere; the graph gives it back after backward, so a graph
/// that is never differentiated keeps it, as it keeps its own tensors), then tensors input (B, T, In), weight_ih
/// (G*H, In), weight_hh (G*H, H), bias_ih (G*H), bias_hh (G*H), and the initial states (1, B, H): h0 (and c0 for an
/// LSTM). Returns output (B, T, H), h_n and, for an LSTM, c_n.
/// </remarks>
internal sealed class FusedRecurrentFunction : autograd.MultiTensorFunction<FusedRecurrentFunction>
{
    /// <summary>
    /// The private graph between forward and backward. Its outputs, input and states are detached from dispose
    /// scopes, since the caller's scope may end before backward runs, and are disposed by backward; the
    /// parameters belong to the kernel, which the graph holds until then and gives back.
    /// </summary>
    private sealed record Graph(Tensor[] Outputs, Tensor Input, Tensor[] Parameters, Tensor[] States, KernelLease Kernel) : IDisposable
    {
        public Tensor[] Leaves => [Input, .. Parameters, .. States];

        public void Dispose()
        {
            foreach (var t in Outputs.Append(Input).Concat(States)) t.Dispose();
            Kernel.Dispose();
        }
    }

    /// <inheritdoc />
    public override string Name => nameof(FusedRecurrentFunction);

    /// <inheritdoc />
    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var lease = (KernelLease)vars[0];
        var module = lease.Kernel;
        var input = (Tensor)vars[1];
        var weights = vars.Skip(2).Take(4).Cast<Tensor>().ToArray();
        var states = vars.Skip(6).Cast<Tensor>().ToArray();
        var parameters = FusedKernels.Load(module, weights);
        // Constant weights (the identity input matrix of token input, the zero hidden bias) get no gradient:
        // for the word LM that skips a 4H x 4H weight gradient per step.
        for (int i = 0; i < parameters.Length; i++) parameters[i].requires_grad_(weights[i].requires_grad);
        using var gradMode = enable_grad(true);
        var inputLeaf = input.detach().requires_grad_(input.requires_grad);
        var stateLeaves = states.Select(s => s.detach().requires_grad_(s.requires_grad)).ToArray();
        var outputs = FusedKernels.Invoke(module, inputLeaf, stateLeaves);
        var graph = new Graph(outputs, inputLeaf, parameters, stateLeaves, lease);
        foreach (var t in outputs.Append(inputLeaf).Concat(stateLeaves)) t.DetachFromDisposeScope();
        ctx.save_data(nameof(Graph), graph);
        // Unused outputs (h_n, c_n) get null gradients, filled from the private graph: the returned tensors may
        // be disposed with the caller's scope before backward runs.
        ctx.set_materialize_grads(false);
        return outputs.Select(o => o.detach()).ToList();
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> gradOutputs)
    {
        using var graph = (Graph)ctx.get_data(nameof(Graph));
        var wanted = graph.Leaves.Where(l => l.requires_grad).ToArray();
        var fills = new List<Tensor>();
        var upstream = gradOutputs.Select((g, i) => g is null || g.IsInvalid ? Fill(graph.Outputs[i], fills) : g).ToList();
        var grads = autograd.grad(graph.Outputs, wanted, upstream);
        foreach (var fill in fills) fill.Dispose();
        var byLeaf = wanted.Zip(grads).ToDictionary(p => p.First.Handle, p => p.Second);
        var result = new List<Tensor> { null! }; // the lease argument
        result.AddRange(graph.Leaves.Select(l => byLeaf.TryGetValue(l.Handle, out var g) ? g : null!));
        return result;
    }

    private static Tensor Fill(Tensor output, List<Tensor> fills)
    {
        var zeros = zeros_like(output);
        fills.Add(zeros);
        return zeros;
    }
}
