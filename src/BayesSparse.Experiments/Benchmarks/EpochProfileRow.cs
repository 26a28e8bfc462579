namespace BayesSparse.Benchmarks;

/// <summary>One section of <see cref="EpochProfileBenchmark"/>: where a training epoch's time goes.</summary>
/// <param name="Task">The task.</param>
/// <param name="Model">The model kind.</param>
/// <param name="Source">"new model", or the run folder whose reported weights were profiled (the checkpoint; the Original's best epoch).</param>
/// <param name="Epoch">The checkpoint's epoch (0 for a new model).</param>
/// <param name="Parameters">Elements of the model's parameters (what compaction lowers).</param>
/// <param name="Groups">Each group's entries in the tensors as profiled (<c>lstm.hidden 157 lstm.gates 309</c>).</param>
/// <param name="Section">The section: <c>data</c>, <c>step.*</c> (the parts of a training step), <c>forward.*</c> (the
/// layers' parts of <c>step.forward</c>), <c>kl alone</c>, <c>evaluate</c>, or <c>epoch</c> (the estimate).</param>
/// <param name="Ms">Milliseconds: per batch for the per-batch sections, per epoch for <c>evaluate</c> and <c>epoch</c>.</param>
/// <param name="Per">"batch" or "epoch".</param>
/// <param name="ShareOfBatch">The per-batch section's share of a batch (data + step.*), or empty.</param>
/// <param name="Device">Where it ran: <c>cpu</c>, <c>cuda:0</c>, ...</param>
public sealed record EpochProfileRow(string Task, string Model, string Source, int Epoch, long Parameters, string Groups, string Section, double Ms,
    string Per, double? ShareOfBatch, string Device = "cpu");
