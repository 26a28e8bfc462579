using BayesSparse.Diagnostics;
using BayesSparse.NN.Functional;
using BayesSparse.Structure;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.NN;

/// <summary>
/// A fully connected layer <c>y = x W^T + b</c> with a SparseVD posterior N(theta, sigma^2) on every weight.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_mu</c> and <c>weight_log_sigma</c> of shape (out_features, in_features), initialised
/// Glorot-uniform and to <see cref="SparseVDOptions.InitialLogSigma"/>; <c>bias</c> (out_features), zeros, with
/// no posterior. Input (*, in_features), output (*, out_features). In eval mode the weights are the means with
/// every weight whose log alpha exceeds the threshold set to exactly zero. Group (<see cref="LayerStructure"/>):
/// <c>input</c>, the input features (columns of the weight); a cut layer takes only its live inputs.
/// </remarks>
public sealed class LinearSVD : SparseVDModule<Tensor, Tensor>
{
    private readonly VariationalTensor _weight;
    private readonly Parameter? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Size of each input sample.</param>
    /// <param name="outFeatures">Size of each output sample.</param>
    /// <param name="hasBias">Whether to learn an additive bias.</param>
    /// <param name="noise">How noise is injected in training mode.</param>
    /// <param name="options">SparseVD hyper-parameters; <see cref="SparseVDOptions.Default"/> when null.</param>
    public LinearSVD(long inFeatures, long outFeatures, bool hasBias = true,
        LinearNoise noise = LinearNoise.LocalReparameterization, SparseVDOptions? options = null)
        : base(nameof(LinearSVD), options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Noise = noise;
        _weight = Variational.Add("weight", [outFeatures, inFeatures], countedWeight: true);
        if (hasBias)
        {
            _bias = new Parameter(zeros(outFeatures));
            register_parameter("bias", _bias);
        }
        Structure.Declare("input", inFeatures, _weight.Axis(1));
        reset_parameters();
    }

    /// <summary>Input size.</summary>
    public long InFeatures { get; }

    /// <summary>Output size.</summary>
    public long OutFeatures { get; }

    /// <summary>Training-mode noise.</summary>
    public LinearNoise Noise { get; }

    /// <summary>The weight posterior.</summary>
    public VariationalTensor Weight => _weight;

    /// <summary>The bias, or null.</summary>
    public Parameter? Bias => _bias;

    /// <summary>Glorot-uniform means, log sigma at its initial value, zero bias.</summary>
    public void reset_parameters()
    {
        _weight.Reset(mu => nn.init.xavier_uniform_(mu), Options);
        using var _ = no_grad();
        _bias?.zero_();
    }

    /// <summary>A layer started from a trained <c>torch.nn.Linear</c> (see <see cref="LoadTrained"/>).</summary>
    public static LinearSVD From(Linear linear, LinearNoise noise = LinearNoise.LocalReparameterization, SparseVDOptions? options = null)
    {
        var weight = linear.weight!;
        var layer = new LinearSVD(weight.shape[1], weight.shape[0], linear.bias is not null, noise, options);
        layer.to(weight.device);
        layer.LoadTrained(weight, linear.bias);
        return layer;
    }

    /// <summary>
    /// Starts the posterior from trained values: means = <paramref name="weight"/> (out, in), log sigma by
    /// <see cref="VariationalTensor.ResetFromTrained"/>; the bias is copied (zeros when null).
    /// </summary>
    public void LoadTrained(Tensor weight, Tensor? bias)
    {
        using var zero = _bias is not null && bias is null ? zeros_like(_bias) : null;
        var trained = new Dictionary<string, Tensor> { ["weight"] = weight };
        if (_bias is not null) trained["bias"] = bias ?? zero!;
        LoadTrained(new TrainedTensors(trained));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var section = StepProfiler.Record("forward.dense");
        if (!training || Noise == LinearNoise.OneSamplePerBatch)
        {
            using var weight = Effective(_weight);
            return nn.functional.linear(input, weight, _bias);
        }
        // Local reparameterisation (Kingma et al. 2015): sample the pre-activation, not the weights.
        using var scope = NewDisposeScope();
        var mean = nn.functional.linear(input, _weight.Mu, _bias);
        using Scalar two = 2.0, epsilon = 1e-8;
        var variance = nn.functional.linear(input * input, (_weight.LogSigma * two).exp());
        return mean.Plus(variance.Plus(epsilon).sqrt() * GaussianNoise.Like(mean)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"LinearSVD(in_features={InFeatures}, out_features={OutFeatures}, bias={_bias is not null}, noise={Noise})";
}
