namespace BayesSparse.NN;

/// <summary>How <see cref="LinearSVD"/> injects posterior noise in training mode.</summary>
public enum LinearNoise
{
    /// <summary>
    /// Local reparameterisation trick, per example: <c>out = x theta^T + b + sqrt((x^2)(sigma^2)^T + 1e-8) * eps</c>.
    /// Lower-variance gradients; used by the authors for classifier output layers.
    /// </summary>
    LocalReparameterization,

    /// <summary>One weight sample <c>w = theta + sigma * eps</c> shared by the whole mini-batch.</summary>
    OneSamplePerBatch,
}
