using BayesSparse.Experiments;
using BayesSparse.Models;
using BayesSparse.Tests.Cli;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Experiments;

[TestFixture]
[NonParallelizable] // the CLI harness redirects the process's stderr
public sealed class RunEvaluationTests
{
    [Test]
    public void Should_EvaluateTheReportedModel_When_EarlyStoppingKeptTheBestEpoch()
    {
        // Given a finished smoke Original (early stopping writes best.bin) whose last checkpoint is then replaced
        // by a model with every weight zero
        var run = Path.Combine(DataFolders.Scratch(), "original");
        var (code, errors) = CliHarness.Run("train", "--task", "ptb-word", "--model", "original", "--profile", "smoke",
            "--epochs", "1", "--data-dir", DataFolders.Slices.Path, "--out", run);
        Assert.That(code, Is.EqualTo(0), string.Join("\n", errors));
        Assert.That(File.Exists(Path.Combine(run, "best.bin")), Is.True);
        var trained = TrainedRun.Open(run);
        using (var zero = LanguageModelExperiment.BuildModel(trained.Config, ModelKind.Original, Vocabulary(run)))
        {
            using (no_grad()) foreach (var parameter in zero.parameters()) parameter.zero_();
            zero.save(Path.Combine(trained.CheckpointFolder, "model.bin"));
        }

        // When it is evaluated
        var result = RunEvaluation.Evaluate(run, DataFolders.Slices, CPU);

        // Then the numbers are those of metrics.json, the best epoch's, not the zero model's (uniform: perplexity = vocabulary size)
        var metrics = RunMetrics.Load(Path.Combine(run, "metrics.json"));
        Assert.That(result.Valid, Is.EqualTo(metrics.Valid).Within(1e-6));
        Assert.That(result.Test, Is.EqualTo(metrics.Test).Within(1e-6));
        Assert.That(result.Valid, Is.Not.EqualTo((double)Vocabulary(run)).Within(1.0));
    }

    private static int Vocabulary(string run) => BayesSparse.Text.Vocabulary.Load(Path.Combine(run, "vocabulary.json")).Count;
}
