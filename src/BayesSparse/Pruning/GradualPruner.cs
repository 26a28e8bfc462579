using BayesSparse.NN.Functional;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Pruning;

/// <summary>
/// Gradual magnitude pruning during training (Narang et al. 2017 or AGP). Keeps a binary mask per pruned weight
/// (recurrent, dense and embedding weights; never biases), registered on the owning module as the buffer
/// <c>{param}_mask</c> (with Narang's q as <c>{param}_prune_q</c>) so it is saved with the model and survives a resume. New masks are ANDed with the old one, so a pruned weight
/// never returns; after every optimiser step <see cref="Apply"/> multiplies the weights by their masks, which
/// keeps them exactly zero whatever Adam's moments say.
/// </summary>
public sealed class GradualPruner
{
    private readonly List<(nn.Module Owner, string Name, Tensor Weight, Tensor Mask, Tensor Q)> _targets = [];
    private readonly NarangSchedule? _narang;
    private readonly AgpSchedule? _agp;

    /// <summary>Narang et al.'s threshold schedule.</summary>
    public GradualPruner(NarangSchedule schedule) => _narang = schedule.Validate();

    /// <summary>The AGP sparsity schedule.</summary>
    public GradualPruner(AgpSchedule schedule) => _agp = schedule.Validate();

    /// <summary>Adds <paramref name="owner"/>'s parameter <paramref name="name"/> (a weight matrix) to the pruned set.</summary>
    public GradualPruner Add(nn.Module owner, string name)
    {
        var weight = owner.named_parameters(recurse: false).FirstOrDefault(p => p.name == name).parameter
                     ?? throw new ArgumentException($"{owner.GetName()} has no parameter '{name}'");
        if (weight.dim() < 2) throw new ArgumentException($"'{name}' is not a weight matrix; biases are not pruned");
        var mask = ones_like(weight, dtype: ScalarType.Bool).DetachFromDisposeScope();
        using Scalar unset = double.NaN;
        var q = full(1, unset, dtype: ScalarType.Float64, device: weight.device).DetachFromDisposeScope(); // Narang's q, set at start_itr
        owner.register_buffer(name + "_mask", mask);
        owner.register_buffer(name + "_prune_q", q);
        _targets.Add((owner, name, weight, mask, q));
        return this;
    }

    /// <summary>The current masks by parameter name.</summary>
    public IReadOnlyDictionary<string, Tensor> Masks => _targets.ToDictionary(t => t.Name, t => t.Mask);

    /// <summary>Updates the masks if <paramref name="step"/> is a pruning step, then applies them.</summary>
    public void OnStepEnd(long step)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (_, _, weight, mask, q) in _targets)
        {
            var magnitude = weight.abs();
            if (_narang is { } narang)
            {
                if (step == narang.StartItr)
                {
                    using Scalar quantile = Quantile(magnitude, 0.9);
                    q.fill_(quantile);
                }
                if (narang.Prunes(step) && !double.IsNaN(q.item<double>()))
                {
                    using Scalar epsilon = narang.Epsilon(step, q.item<double>());
                    mask.bitwise_and_(magnitude.ge(epsilon));
                }
            }
            else if (_agp is { } agp && agp.Prunes(step))
            {
                long prune = (long)Math.Round(agp.Sparsity(step) * weight.numel());
                if (prune > 0)
                {
                    using Scalar threshold = magnitude.flatten().sort().Values[prune - 1].item<float>();
                    mask.bitwise_and_(magnitude.gt(threshold));
                }
            }
        }
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

    private static double Quantile(Tensor values, double q)
    {
        var sorted = values.flatten().sort().Values;
        long index = Math.Min(sorted.numel() - 1, (long)Math.Ceiling(q * sorted.numel()) - 1);
        return sorted[index].item<float>();
    }
}
