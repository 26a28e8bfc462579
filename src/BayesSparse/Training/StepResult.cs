namespace BayesSparse.Training;

/// <summary>The scalars of one optimiser step.</summary>
/// <param name="Loss">The minimised objective (negative ELBO for SparseVD models).</param>
/// <param name="DataLoss">Mean data loss (cross-entropy).</param>
/// <param name="Kl">Total KL of the model, unscaled (0 for plain models).</param>
public sealed record StepResult(double Loss, double DataLoss, double Kl);
