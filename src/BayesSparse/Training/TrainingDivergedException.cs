namespace BayesSparse.Training;

/// <summary>
/// A training step produced a non-finite loss or gradient. It is thrown before the optimiser updates anything,
/// so the weights (and the last checkpoint) are those of the last good step.
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
