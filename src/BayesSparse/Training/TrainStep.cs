using BayesSparse.Diagnostics;
using BayesSparse.NN;
using BayesSparse.NN.Functional;
using static TorchSharp.torch;

namespace BayesSparse.Training;

/// <summary>
/// One optimiser step: forward, ELBO (or plain loss), backward, optional clipping, update. A non-finite loss or
/// gradient throws <see cref="TrainingDivergedException"/> before the update.
/// </summary>
public static class TrainStep
{
    /// <summary>Runs the step inside its own dispose scope, so memory stays flat over long runs.</summary>
    /// <param name="model">The model; its SparseVD layers contribute KL.</param>
    /// <param name="dataLoss">Computes the mean data loss of the current batch (runs the forward pass).</param>
    /// <param name="optimizer">The optimiser over <paramref name="model"/>'s parameters.</param>
    /// <param name="elbo">The SparseVD objective, or null for a plain model.</param>
    /// <param name="step">Global optimiser step (for KL warm-up).</param>
    /// <param name="clipNorm">Gradient-norm clip, or null.</param>
    public static StepResult Run(nn.Module model, Func<Tensor> dataLoss, optim.Optimizer optimizer, ElboLoss? elbo,
        long step, double? clipNorm)
    {
        using var scope = NewDisposeScope();
        using (StepProfiler.Record("step.zero_grad")) optimizer.zero_grad();
        Tensor data;
        using (StepProfiler.Record("step.forward")) data = dataLoss();
        Tensor? kl;
        using (StepProfiler.Record("step.kl")) kl = elbo is null ? null : SparseVDModel.KlDivergence(model);
        var loss = elbo is null ? data : elbo.forward(data, kl!, step);
        using (StepProfiler.Record("step.backward"))
        using (FusedGradientAccumulation.Enable()) loss.backward(); // the KL's gradients go straight into .grad
        double value = loss.item<float>();
        if (!double.IsFinite(value)) throw new TrainingDivergedException($"the loss is {value}");
        // The norm over every gradient is non-finite exactly when one gradient entry is.
        double norm;
        using (StepProfiler.Record("step.gradient_norm"))
            norm = clipNorm is { } clip ? nn.utils.clip_grad_norm_(model.parameters(), clip) : GradientNorm(model);
        if (!double.IsFinite(norm)) throw new TrainingDivergedException($"the gradient norm is {norm}");
        using (StepProfiler.Record("step.adam")) optimizer.step();
        return new StepResult(value, data.item<float>(), kl?.item<float>() ?? 0);
    }

    private static double GradientNorm(nn.Module model)
    {
        var squares = model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.Squared().sum()).ToArray();
        if (squares.Length == 0) return 0;
        using var total = stack(squares).sum();
        return Math.Sqrt(total.item<float>());
    }
}
