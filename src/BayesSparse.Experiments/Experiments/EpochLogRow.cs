namespace BayesSparse.Experiments;

/// <summary>One row of a run's <c>epochs.csv</c>.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean minimised loss over the epoch's batches.</param>
/// <param name="Kl">Total KL at the epoch's last batch (0 for the Original).</param>
/// <param name="ValidQuality">Validation quality (accuracy %, perplexity or bpc).</param>
/// <param name="Compression">|w| / |w != 0| after structured zeroing.</param>
/// <param name="Neurons">Remaining input-hidden neurons, as "x-h".</param>
/// <param name="Gates">Non-constant gate components.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch including evaluation.</param>
/// <param name="ResidentMb">Resident memory of the process at the epoch's end, MiB, after a full garbage collection
/// (<see cref="Platform.ProcessMemory"/>; before 2026-12-05's seventeenth session without one; 0 in logs written before it was kept).</param>
/// <param name="Vocabulary">Remaining vocabulary entries of a classifier (null for language models and in older logs).</param>
/// <param name="Parameters">Elements of the model's parameters while the epoch trained (before its end-of-epoch compaction), which is what compaction lowers (0 in
/// older logs).</param>
/// <param name="HeapInUseMb">The C heap in use at the epoch's end, MiB, read with <paramref name="ResidentMb"/> (glibc's count: what libtorch's tensors and other
/// native code hold, without the freed blocks the heap keeps, which <paramref name="ResidentMb"/> includes); null where
/// unknown and in older logs.</param>
/// <param name="TestQuality">Test quality at the epochs <c>training.test_every</c> asks for; null at the others and in older logs.</param>
/// <param name="CpuSeconds">Processor seconds the process used over the epoch, all its threads together: about
/// <paramref name="Seconds"/> times the threads while the cores were the run's alone, and, unlike it, not growing while the
/// process is stopped (<c>kill -STOP</c>) or waits for cores other work holds. Null in logs written before 2026-12-06.</param>
public sealed record EpochLogRow(int Epoch, double TrainLoss, double Kl, double ValidQuality, double Compression,
    string Neurons, long Gates, double Seconds, double ResidentMb = 0, long Parameters = 0, long? Vocabulary = null,
    double? HeapInUseMb = null, double? TestQuality = null, double? CpuSeconds = null)
{
    /// <summary>The input neurons of <see cref="Neurons"/>; null where it names none. Written to <c>epochs.csv</c> as a
    /// number, which a spreadsheet keeps (it reads "26-8" as a date).</summary>
    public long? InputNeurons => Count(0);

    /// <summary>The hidden neurons of <see cref="Neurons"/>; null where it names none.</summary>
    public long? HiddenNeurons => Count(1);

    private long? Count(int part) => Neurons.Split('-') is [var input, var hidden]
        && long.TryParse(part == 0 ? input : hidden, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long count)
            ? count : null;
}
