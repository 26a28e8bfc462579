using BayesSparse.NN.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Pruning;

/// <summary>
/// Gradual magnitude pruning during training by an <see cref="IPruningSchedule"/> (Narang et al. 2017, AGP). Keeps a
/// binary mask per pruned weight (recurrent, dense and embedding weights; never biases), registered on the owning
/// module as the buffer <c>{param}_mask</c> (with the schedule's state as <c>{param}_prune_q</c>) so it is saved with
/// the model and survives a resume. New masks are ANDed with the old one, so a pruned weight never returns; after every
/// optimiser step <see cref="Apply"/> multiplies the weights by their masks, which keeps them exactly zero whatever
/// Adam's moments say.
/// </summary>
/// <param name="schedule">When and what to prune.</param>
public sealed class GradualPruner(IPruningSchedule schedule)
{
    private readonly List<(nn.Module Owner, string Name, Tensor Weight, Tensor Mask, Tensor State)> _targets = [];

    /// <summary>The schedule.</summary>
    public IPruningSchedule Schedule { get; } = schedule.Validate();

    /// <summary>Adds <paramref name="owner"/>'s parameter <paramref name="name"/> (a weight matrix) to the pruned set.</summary>
    public GradualPruner Add(nn.Module owner, string name)
    {
        var weight = owner.named_parameters(recurse: false).FirstOrDefault(p => p.name == name).parameter
                     ?? throw new ArgumentException($"{owner.GetName()} has no parameter '{name}'");
        if (weight.dim() < 2) throw new ArgumentException($"'{name}' is not a weight matrix; biases are not pruned");
        var mask = ones_like(weight, dtype: ScalarType.Bool).DetachFromDisposeScope();
        using Scalar unset = double.NaN;
        var state = full(1, unset, dtype: ScalarType.Float64, device: weight.device).DetachFromDisposeScope();
        owner.register_buffer(name + "_mask", mask);
        owner.register_buffer(name + "_prune_q", state);
        _targets.Add((owner, name, weight, mask, state));
        return this;
    }

    /// <summary>The current masks by parameter name.</summary>
    public IReadOnlyDictionary<string, Tensor> Masks => _targets.ToDictionary(t => t.Name, t => t.Mask);

    /// <summary>Updates the masks if <paramref name="step"/> is a pruning step, then applies them.</summary>
    public void OnStepEnd(long step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (Schedule.Prunes(step))
            foreach (var (_, _, weight, mask, state) in _targets)
                if (Schedule.Keep(step, weight.abs(), state) is { } keep)
                    mask.bitwise_and_(keep);
        Apply();
    }

    /// <summary>Multiplies every pruned weight by its mask (call after each optimiser step).</summary>
    public void Apply()
    {
        using var _ = no_grad();
        foreach (var (_, _, weight, mask, _) in _targets) weight.mul_(mask);
    }

    /// <summary>Fraction of zero entries over all pruned weights.</summary>
    public double Sparsity()
    {
        long total = _targets.Sum(t => t.Weight.numel());
        long zeros = _targets.Sum(t => t.Weight.eq(Scalars.Zero).sum().item<long>());
        return total == 0 ? 0 : zeros / (double)total;
    }
}
