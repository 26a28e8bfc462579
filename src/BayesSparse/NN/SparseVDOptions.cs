namespace BayesSparse.NN;

/// <summary>
/// Hyper-parameters shared by every SparseVD layer (docs/method.md, section 1). Defaults follow the authors' code.
/// </summary>
/// <param name="LogAlphaClip">log alpha is clipped to [-clip, clip]; 8 in the authors' code.</param>
/// <param name="LogAlphaThreshold">In eval mode weights with log alpha above this are zero. 3 means a squared
/// signal-to-noise ratio theta^2/sigma^2 below e^-3 = 0.0498 (the paper's "0.05").</param>
/// <param name="Kl">Which KL approximation <c>KlDivergence()</c> uses.</param>
/// <param name="InitialLogSigma">Initial log sigma (not log sigma^2) of every weight and group variable.</param>
/// <param name="TrainedLogAlpha">Initial log alpha of a weight started from a trained value (see
/// <see cref="VariationalTensor.ResetFromTrained"/>); must lie strictly between -clip and the threshold.</param>
public sealed record SparseVDOptions(
    double LogAlphaClip = 8.0,
    double LogAlphaThreshold = 3.0,
    KlApproximation Kl = KlApproximation.Molchanov,
    double InitialLogSigma = -3.0,
    double TrainedLogAlpha = -4.0)
{
    /// <summary>The defaults of the authors' code.</summary>
    public static SparseVDOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values no run could use.</summary>
    public SparseVDOptions Validate()
    {
        if (!(LogAlphaClip > 0) || double.IsInfinity(LogAlphaClip))
            throw new ArgumentOutOfRangeException(nameof(LogAlphaClip), LogAlphaClip, "must be a positive finite number");
        if (double.IsNaN(LogAlphaThreshold) || LogAlphaThreshold > LogAlphaClip)
            throw new ArgumentOutOfRangeException(nameof(LogAlphaThreshold), LogAlphaThreshold,
                $"must be a number no larger than the clip ({LogAlphaClip}), or no weight could ever be removed");
        if (!(TrainedLogAlpha > -LogAlphaClip && TrainedLogAlpha < LogAlphaThreshold))
            throw new ArgumentOutOfRangeException(nameof(TrainedLogAlpha), TrainedLogAlpha,
                $"must lie strictly between -clip ({-LogAlphaClip}), where the KL has no gradient, and the threshold ({LogAlphaThreshold})");
        if (!double.IsFinite(InitialLogSigma))
            throw new ArgumentOutOfRangeException(nameof(InitialLogSigma), InitialLogSigma, "must be finite");
        return this;
    }
}
