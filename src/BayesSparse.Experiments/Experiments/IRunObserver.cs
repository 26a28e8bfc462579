using BayesSparse.Training;

namespace BayesSparse.Experiments;

/// <summary>Hooks the runner calls; the CLI draws progress from them. All methods are optional.</summary>
public interface IRunObserver
{
    /// <summary>A new run's weights were started (not called on resume).</summary>
    void OnStart(RunStart start) { }

    /// <summary>An epoch starts with this many batches.</summary>
    void OnEpochBegin(int epoch, int batches) { }

    /// <summary>A batch ended.</summary>
    void OnBatchEnd(int epoch, int batch, StepResult result) { }

    /// <summary>An epoch ended and was logged.</summary>
    void OnEpochEnd(EpochLogRow row) { }
}
