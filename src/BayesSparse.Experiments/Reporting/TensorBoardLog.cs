using BayesSparse.Experiments;
using BayesSparse.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.Reporting;

/// <summary>Writes a run's curves as TensorBoard event files (TorchSharp's SummaryWriter) under <c>tensorboard/</c>.</summary>
public sealed class TensorBoardLog(string folder) : IRunObserver
{
    private readonly SummaryWriter _writer = utils.tensorboard.SummaryWriter(folder);
    private int _step;

    /// <inheritdoc />
    public void OnBatchEnd(int epoch, int batch, StepResult result)
    {
        _step++;
        _writer.add_scalar("train/loss", (float)result.Loss, _step);
        _writer.add_scalar("train/data_loss", (float)result.DataLoss, _step);
        if (result.Kl != 0) _writer.add_scalar("train/kl", (float)result.Kl, _step);
    }

    /// <inheritdoc />
    public void OnEpochEnd(EpochLogRow row)
    {
        _writer.add_scalar("valid/quality", (float)row.ValidQuality, row.Epoch);
        _writer.add_scalar("sparsity/compression", (float)row.Compression, row.Epoch);
        _writer.add_scalar("sparsity/gates", row.Gates, row.Epoch);
    }
}
