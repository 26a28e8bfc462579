namespace BayesSparse.NN.Recurrent.Backends;

/// <summary>A layer that runs its recurrence on an <see cref="ILstmBackend"/> and says which one its last training step ran.</summary>
public interface IReportsBackend
{
    /// <summary>The <see cref="ILstmBackend.Name"/> the last training-mode forward ran; null before one.</summary>
    string? Backend { get; }
}
