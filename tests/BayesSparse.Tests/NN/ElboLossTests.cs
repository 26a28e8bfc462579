using BayesSparse.NN;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN;

[TestFixture]
public sealed class ElboLossTests
{
    [Test]
    public void Should_AddKlOverTrainSize_When_NoWarmup()
    {
        var elbo = new ElboLoss(trainSize: 1000);
        using var loss = elbo.forward(tensor(2.0), tensor(500.0), step: 0);
        Assert.That(loss.item<double>(), Is.EqualTo(2.5).Within(1e-12));
    }

    [Test]
    public void Should_RampKlWeightLinearly_When_WarmupSet()
    {
        var elbo = new ElboLoss(trainSize: 10, klWarmupSteps: 4);
        Assert.That(Enumerable.Range(0, 6).Select(s => elbo.KlWeight(s)), Is.EqualTo(new[] { 0.25, 0.5, 0.75, 1, 1, 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ElboLoss(0));
    }

    [Test]
    public void Should_ScaleTheKlWeight_When_AScaleIsSet()
    {
        var elbo = new ElboLoss(trainSize: 1000, klWarmupSteps: 2) { Scale = 4 };
        Assert.That(elbo.KlWeight(0), Is.EqualTo(2.0));
        using var loss = elbo.forward(tensor(2.0), tensor(500.0), step: 5);
        Assert.That(loss.item<double>(), Is.EqualTo(4.0).Within(1e-12));
        Assert.Throws<ArgumentOutOfRangeException>(() => elbo.Scale = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => elbo.Scale = double.NaN);
    }

    [Test]
    public void Should_SumKlOfEveryLayer_When_ModelHasSeveral()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(("a", new LinearSVD(3, 4)), ("relu", nn.ReLU()), ("b", new LinearSVD(4, 2)));
        var expected = ((LinearSVD)model[0]).KlDivergence() + ((LinearSVD)model[2]).KlDivergence();
        Assert.That(SparseVDModel.KlDivergence(model).item<float>(), Is.EqualTo(expected.item<float>()).Within(1e-4));
        Assert.That(SparseVDModel.Layers(model).Select(l => l.Name), Is.EqualTo(new[] { "a", "b" }));
    }
}
