using System.Diagnostics;
using BayesSparse.Training;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>
/// Kills the training process with SIGKILL at a chosen point, for tests of <c>--resume</c> that must not depend on
/// timing: <c>BAYESSPARSE_KILL_AT=E:B</c> right after batch B of epoch E, <c>E:end</c> at the end of epoch E after the
/// callbacks before this one (the structure cut) and before the epoch log and checkpoint. Unset, the runner does not add
/// it.
/// </summary>
/// <param name="killEpoch">E.</param>
/// <param name="killBatch">B, or null for the end of the epoch.</param>
public sealed class FaultInjection(int killEpoch, int? killBatch) : IRunCallback
{
    /// <summary>The environment variable that asks for a kill.</summary>
    public const string Variable = "BAYESSPARSE_KILL_AT";

    private int _epoch;

    /// <summary>The callback the environment asks for, or null when <see cref="Variable"/> is unset.</summary>
    public static FaultInjection? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } spec) return null;
        var parts = spec.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out int e) && e >= 1)
        {
            if (parts[1] == "end") return new FaultInjection(e, null);
            if (int.TryParse(parts[1], out int b) && b >= 1) return new FaultInjection(e, b);
        }
        throw new ArgumentException($"{Variable}={spec}: use EPOCH:BATCH or EPOCH:end");
    }

    /// <inheritdoc />
    public void OnEpochBegin(RunContext run, int epoch, int batches) => _epoch = epoch;

    /// <inheritdoc />
    public void OnBatchEnd(RunContext run, int batch, StepResult result)
    {
        if (_epoch == killEpoch && batch == killBatch) Kill();
    }

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        if (row.Epoch == killEpoch && killBatch is null) Kill();
    }

    private static void Kill()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill(); // SIGKILL on Linux: no finally blocks, no flushes, as a real crash
    }
}
