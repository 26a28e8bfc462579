namespace BayesSparse.NN.Functional;

/// <summary>
/// Both KL approximations in one form, KL(a) = C0 + C1 sigmoid(P a + Q) + 0.5 softplus(-a) for a = log alpha:
/// Molchanov et al.'s fit (eq. 14: C0 = k1, C1 = -k1, P = k3, Q = k2) and the authors' older one
/// (0.5 log1p(e^-a) - (0.03 + 0.64 sigmoid(1.5 (a + 1.3)))). Its derivative is
/// KL'(a) = <see cref="Slope"/> s (1 - s) - 0.5 sigmoid(-a) with s = sigmoid(P a + Q).
/// </summary>
internal readonly record struct KlFit(double P, double Q, double C0, double C1)
{
    /// <summary>C1 P, the coefficient of s (1 - s) in KL'(a).</summary>
    public double Slope => C1 * P;

    /// <summary>The constants of <paramref name="approximation"/>.</summary>
    public static KlFit Of(KlApproximation approximation) => approximation switch
    {
        KlApproximation.Molchanov => new KlFit(SparseVD.K3, SparseVD.K2, SparseVD.K1, -SparseVD.K1),
        KlApproximation.AuthorsLegacy => new KlFit(1.5, 1.5 * 1.3, -0.03, -0.64),
        _ => throw new ArgumentOutOfRangeException(nameof(approximation), approximation, null),
    };
}
