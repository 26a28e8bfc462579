using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Training;

[TestFixture]
public sealed class TrainStepTests
{
    [TestCase(ModelKind.Original, RecurrentNoise.Fast)]
    [TestCase(ModelKind.W, RecurrentNoise.Faithful)]
    [TestCase(ModelKind.WGN, RecurrentNoise.Faithful)]
    [TestCase(ModelKind.WGN, RecurrentNoise.Fast)]
    public void Should_KeepLiveTensorCountConstant_When_Training100Steps(ModelKind kind, RecurrentNoise noise)
    {
        // Given a small language model and one batch of tokens
        manual_seed(1);
        using var model = new LanguageModel(new LanguageModelConfig(30, 12, kind, noise));
        var tokens = randint(0, 30, [4, 9]);
        var targets = randint(0, 30, [36]);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        var elbo = kind.IsBayesian() ? new ElboLoss(1000) : null;
        Tensor Loss() => nn.functional.cross_entropy(model.forward(tokens, null).Item1.reshape(-1, 30), targets);
        for (int step = 0; step < 5; step++) TrainStep.Run(model, Loss, optimizer, elbo, step, 1.0);

        // When 100 more steps run
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int step = 5; step < 105; step++) TrainStep.Run(model, Loss, optimizer, elbo, step, 1.0);

        // Then no tensor outlives its step
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, Is.EqualTo(0));
    }
}
