using BayesSparse.Experiments;
using BayesSparse.Experiments.Callbacks;
using BayesSparse.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.Reporting;

/// <summary>Writes a run's curves as TensorBoard event files (TorchSharp's SummaryWriter) under <c>tensorboard/</c>.</summary>
public sealed class TensorBoardLog(string folder) : IRunCallback
{
    private readonly SummaryWriter _writer = utils.tensorboard.SummaryWriter(folder);
    /// <inheritdoc />
    public void OnBatchEnd(RunContext run, int batch, StepResult result)
    {
        var step = (int)run.State.Step; // the run's global step, so a resumed run continues the curves
        _writer.add_scalar("train/loss", (float)result.Loss, step);
        _writer.add_scalar("train/data_loss", (float)result.DataLoss, step);
        if (result.Kl != 0) _writer.add_scalar("train/kl", (float)result.Kl, step);
    }

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        _writer.add_scalar("valid/quality", (float)row.ValidQuality, row.Epoch);
        _writer.add_scalar("sparsity/compression", (float)row.Compression, row.Epoch);
        _writer.add_scalar("sparsity/gates", row.Gates, row.Epoch);
    }
}
