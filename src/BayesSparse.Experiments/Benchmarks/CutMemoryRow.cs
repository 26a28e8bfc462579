namespace BayesSparse.Benchmarks;

/// <summary>One reading of <see cref="CutMemoryBenchmark"/>: the process's memory after a round of training or after a cut.</summary>
/// <param name="Task">The task.</param>
/// <param name="Model">The model kind.</param>
/// <param name="Group">The group cut (<c>lstm.hidden</c>).</param>
/// <param name="Round">The round: training batches, then a cut.</param>
/// <param name="Stage"><c>trained</c> (after the round's batches) or <c>cut</c> (after its cut, before more training).</param>
/// <param name="Live">The group's entries in the tensors.</param>
/// <param name="Parameters">Elements of the model's parameters.</param>
/// <param name="ResidentMb">Resident size of the process, MiB.</param>
/// <param name="HeapInUseMb">C heap in use (<see cref="Platform.HeapStatistics"/>), MiB; empty where unknown.</param>
/// <param name="HeapFreeMb">C heap kept free for reuse, MiB; empty where unknown.</param>
public sealed record CutMemoryRow(string Task, string Model, string Group, int Round, string Stage, long Live, long Parameters,
    double ResidentMb, double? HeapInUseMb, double? HeapFreeMb);
