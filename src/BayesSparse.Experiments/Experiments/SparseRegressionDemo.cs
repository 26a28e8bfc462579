using BayesSparse.NN;
using BayesSparse.NN.Functional;
using BayesSparse.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>
/// A small built-in SparseVD fit: linear regression <c>y = x w + noise</c> with fewer examples than inputs,
/// where only the first <see cref="Settings.Informative"/> of <see cref="Settings.Features"/> inputs carry signal.
/// SparseVD, like ARD, should keep those and drive the rest to log alpha above the threshold. (With many more
/// examples than inputs and independent features, an irrelevant input whose least-squares z-score exceeds ~1
/// is worth keeping under the ELBO, so about a third would survive; the under-determined case is where a
/// sparsifying prior matters.) Used by the CLI's <c>demo</c> and by the tests.
/// </summary>
public static class SparseRegressionDemo
{
    /// <summary>The demo's knobs.</summary>
    /// <param name="Features">Inputs.</param>
    /// <param name="Informative">How many leading inputs matter.</param>
    /// <param name="Samples">Training examples.</param>
    /// <param name="Steps">Full-batch Adam steps.</param>
    /// <param name="NoiseStd">Standard deviation of the target noise.</param>
    /// <param name="LearningRate">Adam learning rate.</param>
    /// <param name="Seed">Seed of data and initialisation.</param>
    public sealed record Settings(int Features = 100, int Informative = 5, int Samples = 80, int Steps = 1000, double NoiseStd = 0.1,
        double LearningRate = 0.01, long Seed = 1);

    /// <summary>What the fit ended with.</summary>
    /// <param name="Report">Sparsity of the fitted layer.</param>
    /// <param name="KeptInputs">Indices of inputs whose weight survived.</param>
    /// <param name="TrainRmse">Root mean squared error of the deterministic (masked) model on the training data.</param>
    /// <param name="FinalLoss">Negative ELBO at the last step.</param>
    public sealed record Result(SparsityReport Report, IReadOnlyList<int> KeptInputs, double TrainRmse, double FinalLoss);

    /// <summary>Generates the data and fits a <see cref="LinearSVD"/> by maximising the ELBO.</summary>
    /// <param name="settings">Knobs.</param>
    /// <param name="onStep">Called after each step with (step, loss); may be null.</param>
    public static Result Run(Settings settings, Action<int, double>? onStep = null)
    {
        torch.manual_seed(settings.Seed);
        using var scope = NewDisposeScope();
        var x = randn(settings.Samples, settings.Features);
        var trueWeight = zeros(settings.Features, 1);
        // Informative weights alternate in sign with magnitudes 2..3, so every one matters.
        for (int i = 0; i < settings.Informative; i++)
            trueWeight[i, 0] = tensor((i % 2 == 0 ? 1.0f : -1.0f) * (2.0f + i / (float)settings.Informative));
        using Scalar noiseStd = settings.NoiseStd;
        var y = x.matmul(trueWeight).Plus(randn(settings.Samples, 1) * noiseStd);

        using var layer = new LinearSVD(settings.Features, 1);
        var elbo = new ElboLoss(settings.Samples);
        using var optimizer = new Training.Adam(layer.parameters(), settings.LearningRate);
        double loss = double.NaN;
        for (int step = 0; step < settings.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var data = nn.functional.mse_loss(layer.forward(x), y);
            var total = elbo.forward(data, layer.KlDivergence(), step);
            total.backward();
            optimizer.step();
            loss = total.item<float>();
            onStep?.Invoke(step, loss);
        }

        layer.eval();
        using var _ = no_grad();
        var rmse = nn.functional.mse_loss(layer.forward(x), y).sqrt().item<float>();
        var keep = (layer.Weight.KeepMask(layer.Options) & layer.Weight.Mu.ne(Scalars.Zero)).reshape(-1);
        var kept = Enumerable.Range(0, settings.Features).Where(i => keep[i].item<bool>()).ToList();
        return new Result(SparsityReport.Of(layer), kept, rmse, loss);
    }
}
