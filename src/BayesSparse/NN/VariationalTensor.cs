using BayesSparse.NN.Functional;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// A tensor with a fully factorised Gaussian posterior N(mu, sigma^2) and a log-uniform prior: a weight matrix
/// or a group variable z. Registers <c>{name}_mu</c> and <c>{name}_log_sigma</c> (log sigma, not log sigma^2)
/// as parameters of its owning module, so they appear in its state dict.
/// </summary>
public sealed class VariationalTensor
{
    /// <summary>Creates the two parameters (uninitialised) and registers them on <paramref name="owner"/>.</summary>
    public VariationalTensor(nn.Module owner, string name, long[] shape)
    {
        Name = name;
        Mu = new Parameter(empty(shape));
        LogSigma = new Parameter(empty(shape));
        owner.register_parameter(name + "_mu", Mu);
        owner.register_parameter(name + "_log_sigma", LogSigma);
    }

    /// <summary>The name without suffix, for example <c>weight</c>.</summary>
    public string Name { get; }

    /// <summary>The axis <paramref name="dim"/> of this tensor, for a structure group (<see cref="Structure.LayerStructure.Declare"/>).</summary>
    public Structure.GroupAxis Axis(long dim, int blocks = 1) => new(Name, dim, blocks);

    /// <summary>Posterior mean theta.</summary>
    public Parameter Mu { get; }

    /// <summary>Posterior log sigma.</summary>
    public Parameter LogSigma { get; }

    /// <summary>Clipped log alpha = log sigma^2 - log theta^2.</summary>
    public Tensor LogAlpha(SparseVDOptions options) => SparseVD.LogAlpha(Mu, LogSigma, options.LogAlphaClip);

    /// <summary>Sum of the element-wise KL to the log-uniform prior, a scalar.</summary>
    public Tensor KlDivergence(SparseVDOptions options) =>
        SparseVD.KlDivergenceSum(Mu, LogSigma, options.LogAlphaClip, options.Kl);

    /// <summary>One reparameterised sample theta + sigma * eps, differentiable in both parameters.</summary>
    /// <param name="columns">Optional indices along <paramref name="dim"/>: only those entries are sampled.</param>
    /// <param name="dim">The dimension <paramref name="columns"/> indexes (the last by default).</param>
    public Tensor Sample(Tensor? columns = null, long dim = -1)
    {
        using var scope = NewDisposeScope();
        var (mu, logSigma) = Select(columns, dim);
        return mu.Plus(logSigma.exp() * GaussianNoise.Like(mu)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A group variable (1-D) as rows to multiply a batch with: in training <paramref name="rows"/> independent
    /// samples, (rows, dim); in eval the masked mean as one row, (1, dim).
    /// </summary>
    /// <param name="training">Sample or masked mean.</param>
    /// <param name="rows">Samples in training (the batch size for per-sequence z, 1 for per-batch z).</param>
    /// <param name="options">Clip and threshold.</param>
    /// <param name="columns">Optional indices: only those entries.</param>
    public Tensor Rows(bool training, long rows, SparseVDOptions options, Tensor? columns = null)
    {
        if (!training) return MaskedMean(options, columns).unsqueeze(0);
        using var scope = NewDisposeScope();
        var (mu, logSigma) = Select(columns);
        return mu.Plus(logSigma.exp() * GaussianNoise.Normal([rows, mu.shape[0]], mu.dtype, mu.device)).MoveToOuterDisposeScope();
    }

    /// <summary>Boolean mask: true where log alpha is at or below the options' threshold.</summary>
    public Tensor KeepMask(SparseVDOptions options)
    {
        using var _ = no_grad();
        using var logAlpha = LogAlpha(options);
        return SparseVD.KeepMask(logAlpha, options.LogAlphaThreshold);
    }

    /// <summary>The deterministic eval value: theta where kept, exactly zero elsewhere.</summary>
    /// <param name="options">Clip and threshold.</param>
    /// <param name="columns">Optional indices along <paramref name="dim"/>: only those entries are returned.</param>
    /// <param name="dim">The dimension <paramref name="columns"/> indexes (the last by default).</param>
    public Tensor MaskedMean(SparseVDOptions options, Tensor? columns = null, long dim = -1)
    {
        using var scope = NewDisposeScope();
        var (mu, logSigma) = Select(columns, dim);
        Tensor keep;
        using (no_grad()) keep = SparseVD.KeepMask(SparseVD.LogAlpha(mu, logSigma, options.LogAlphaClip), options.LogAlphaThreshold);
        return (mu * keep).MoveToOuterDisposeScope();
    }

    private (Tensor Mu, Tensor LogSigma) Select(Tensor? columns, long dim = -1) => columns is null
        ? (Mu.alias(), LogSigma.alias())
        : (IndexSelectFunction.Select(Mu, dim, columns), IndexSelectFunction.Select(LogSigma, dim, columns));

    /// <summary>
    /// Starts the posterior at trained values: mu = <paramref name="trained"/>, and log sigma such that every entry
    /// starts at the same log alpha, <see cref="SparseVDOptions.TrainedLogAlpha"/>: log sigma = (a + log(theta^2 +
    /// eps)) / 2, the inverse of <see cref="LogAlpha"/>. A fixed log sigma would instead put every trained weight
    /// below |theta| = exp(log sigma - threshold / 2) above the threshold, removed before the data term could
    /// defend it.
    /// </summary>
    public void ResetFromTrained(Tensor trained, SparseVDOptions options)
    {
        if (!trained.shape.SequenceEqual(Mu.shape))
            throw new ArgumentException($"{Name}: trained shape [{string.Join(", ", trained.shape)}] does not match [{string.Join(", ", Mu.shape)}]");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Mu.copy_(trained);
        using var epsilon = torch.tensor(SparseVD.Epsilon, dtype: Mu.dtype, device: Mu.device);
        using var logAlpha = torch.tensor(options.TrainedLogAlpha, dtype: Mu.dtype, device: Mu.device);
        using var half = torch.tensor(0.5, dtype: Mu.dtype, device: Mu.device);
        LogSigma.copy_(Mu.Squared().add_(epsilon, Scalars.One).log_().add_(logAlpha, Scalars.One).mul_(half));
    }

    /// <summary>Sets mu with <paramref name="initMu"/> and log sigma to the options' initial value.</summary>
    public void Reset(Action<Tensor> initMu, SparseVDOptions options)
    {
        using var _ = no_grad();
        initMu(Mu);
        using Scalar logSigma = options.InitialLogSigma;
        LogSigma.fill_(logSigma);
    }
}
