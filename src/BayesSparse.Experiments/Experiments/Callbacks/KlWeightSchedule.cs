using BayesSparse.NN;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Sets the KL's scale for each epoch from <c>training.kl_weights</c>: epoch e (1-based, the run's own epochs) uses
/// <c>weights[e - 1]</c>, and every epoch after the list uses 1, the ELBO. Set at the start of every epoch, so a
/// resumed run continues the same schedule.
/// </summary>
/// <param name="elbo">The objective whose <see cref="ElboLoss.Scale"/> is set.</param>
/// <param name="weights">The scales of the first epochs.</param>
public sealed class KlWeightSchedule(ElboLoss elbo, IReadOnlyList<double> weights) : IRunCallback
{
    /// <inheritdoc />
    public void OnEpochBegin(RunContext run, int epoch, int batches) => elbo.Scale = epoch <= weights.Count ? weights[epoch - 1] : 1.0;
}
