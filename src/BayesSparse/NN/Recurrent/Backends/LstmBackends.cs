namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>The rule that picks a backend for a run, in one place.</summary>
public static class LstmBackends
{
    /// <summary>
    /// The first of <paramref name="preference"/> that supports <paramref name="run"/>. A layer lists its backends
    /// fastest first: constant gates in eval, then the fused kernel (z shared, sigmoid gates), then the per-step cell,
    /// which supports everything.
    /// </summary>
    /// <exception cref="InvalidOperationException">None supports it (a list without a general backend).</exception>
    public static ILstmBackend Choose(LstmRun run, IReadOnlyList<ILstmBackend> preference) =>
        preference.FirstOrDefault(b => b.Supports(run))
        ?? throw new InvalidOperationException($"none of {string.Join(", ", preference.Select(b => b.Name))} runs this LSTM");
}
