namespace BayesSparse.NN;

/// <summary>Which closed-form fit of KL(q || log-uniform prior) to use (docs/method.md, section 1).</summary>
public enum KlApproximation
{
    /// <summary>
    /// Molchanov et al. 2017, eq. 14:
    /// <c>-KL = k1 sigmoid(k2 + k3 log a) - 0.5 log1p(exp(-log a)) - k1</c>, k1 = 0.63576, k2 = 1.87320, k3 = 1.48695.
    /// Tends to 0 as log alpha grows. The default.
    /// </summary>
    Molchanov,

    /// <summary>
    /// The older fit used in the authors' RNN code:
    /// <c>KL = 0.5 log1p(exp(-log a)) - (0.03 + 0.64 sigmoid(1.5 (log a + 1.3)))</c>.
    /// Differs from <see cref="Molchanov"/> by a near-constant, so gradients are nearly the same.
    /// </summary>
    AuthorsLegacy,
}
