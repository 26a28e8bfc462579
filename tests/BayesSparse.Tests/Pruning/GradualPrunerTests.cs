using BayesSparse.Pruning;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Pruning;

[TestFixture]
public sealed class GradualPrunerTests
{
    [Test]
    public void Should_EqualHandComputedThresholds_When_NarangSchedule()
    {
        // start 10, ramp 20, end 30, freq 5, q = 1: theta = 2*1*5 / (2*10 + 3*10) = 0.2, phi = 0.3
        var schedule = new NarangSchedule(10, 20, 30, 5).Validate();
        Assert.That(schedule.Theta(1.0), Is.EqualTo(0.2).Within(1e-12));
        long[] iterations = [10, 15, 20, 25];
        // eps(10) = 0.2*1/5 = 0.04; eps(15) = 0.2*6/5 = 0.24; eps(20) = (0.2*11 + 0.3*1)/5 = 0.5; eps(25) = (2.2 + 0.3*6)/5 = 0.8
        Assert.That(iterations.Select(i => schedule.Epsilon(i, 1.0)), Is.EqualTo(new[] { 0.04, 0.24, 0.5, 0.8 }).Within(1e-12));
        Assert.That(Enumerable.Range(0, 40).Where(i => schedule.Prunes(i)), Is.EqualTo(new[] { 10, 15, 20, 25 }));
        Assert.Throws<ArgumentException>(() => new NarangSchedule(20, 10, 30, 5).Validate());
    }

    [Test]
    public void Should_KeepMaskedWeightsExactlyZero_When_AdamKeepsStepping()
    {
        // Given a linear layer pruned by AGP to 80% within 20 steps, then trained 200 more steps with Adam
        manual_seed(2);
        using var layer = nn.Linear(20, 10);
        var pruner = new GradualPruner(new AgpSchedule(0, 0.8, Start: 0, Span: 20, Frequency: 5)).Add(layer, "weight");
        using var optimizer = optim.Adam(layer.parameters(), 0.01);
        var x = randn(64, 20);
        var y = randn(64, 10);
        for (int step = 0; step < 220; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(layer.forward(x), y).backward();
            optimizer.step();
            pruner.OnStepEnd(step);
        }

        // Then the masked entries are exactly zero, the sparsity is the target within 1%, and the mask is a buffer
        var mask = pruner.Masks["weight"];
        Assert.That(layer.weight!.masked_select(mask.logical_not()).abs().max().item<float>(), Is.EqualTo(0f));
        Assert.That(pruner.Sparsity(), Is.EqualTo(0.8).Within(0.01));
        Assert.That(layer.state_dict().Keys, Does.Contain("weight_mask"));
    }

    [Test]
    public void Should_PruneTheRecurrentWeights_When_AModelHasAGru()
    {
        // Given a user's model with a plain GRU and a dense head, pruned by Narang's schedule from step 10 to 60
        manual_seed(4);
        using var model = new GruRegressor();
        var (gru, head) = (model.Gru, model.Head);
        var pruner = PrunerFactory.Create(BayesSparse.Models.ModelKind.PruneNarang, model,
            new BayesSparse.Pruning.PruningSection(StartFraction: 0.1, RampFraction: 0.3, EndFraction: 0.6, Frequency: 2), totalSteps: 100)!;
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        var x = randn(16, 5, 6);
        var y = randn(16, 1);

        // When trained for 100 steps
        for (int step = 0; step < 100; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var (output, _) = gru.forward(x);
            nn.functional.mse_loss(head.forward(output.select(1, -1)), y).backward();
            optimizer.step();
            pruner.OnStepEnd(step);
        }

        // Then both GRU weight matrices and the head's weight (not the biases) are pruned, and what is pruned is exactly zero
        Assert.That(pruner.Masks.Keys, Is.EquivalentTo(new[] { "weight_ih_l0", "weight_hh_l0", "weight" }));
        Assert.That(pruner.Sparsity(), Is.GreaterThan(0.3));
        foreach (var (name, mask) in pruner.Masks.Where(m => m.Key != "weight"))
        {
            var weight = gru.named_parameters().Single(p => p.name == name).parameter;
            Assert.That(weight.masked_select(mask.logical_not()).abs().max().item<float>(), Is.EqualTo(0f), name);
        }
    }

    [Test]
    public void Should_RejectBiases_When_Adding()
    {
        using var layer = nn.Linear(3, 2);
        Assert.Throws<ArgumentException>(() => new GradualPruner(new NarangSchedule(0, 1, 2, 1)).Add(layer, "bias"));
    }

    private sealed class GruRegressor : nn.Module
    {
        public GruRegressor() : base(nameof(GruRegressor))
        {
            register_module("gru", Gru);
            register_module("head", Head);
        }

        public TorchSharp.Modules.GRU Gru { get; } = nn.GRU(6, 8, batchFirst: true);

        public TorchSharp.Modules.Linear Head { get; } = nn.Linear(8, 1);
    }

    /// <summary>A schedule of a user's own: once, at step 3, prune every weight below the matrix's mean magnitude.</summary>
    private sealed class BelowMeanOnce : IPruningSchedule
    {
        public IPruningSchedule Validate() => this;

        public bool Prunes(long step) => step == 3;

        public Tensor? Keep(long step, Tensor magnitude, Tensor state)
        {
            state.copy_(magnitude.mean());
            return magnitude.ge(magnitude.mean());
        }
    }

    [Test]
    public void Should_PruneByAScheduleOfItsOwn_When_OneImplementsTheInterface()
    {
        // Given a linear layer under a schedule the library does not ship
        manual_seed(6);
        using var layer = nn.Linear(8, 4);
        var pruner = new GradualPruner(new BelowMeanOnce()).Add(layer, "weight");
        var magnitude = layer.weight!.detach().abs();
        var expected = magnitude.ge(magnitude.mean());

        // When steps 0-5 end
        for (int step = 0; step < 6; step++) pruner.OnStepEnd(step);

        // Then the mask is the schedule's choice from step 3, applied to the weights, and its state was saved as a buffer
        Assert.That(pruner.Masks["weight"].eq(expected).all().item<bool>(), Is.True);
        Assert.That(layer.weight!.eq(0).sum().item<long>(), Is.EqualTo(expected.logical_not().sum().item<long>()));
        Assert.That(layer.state_dict()["weight_prune_q"].item<double>(), Is.EqualTo(magnitude.mean().item<float>()).Within(1e-6));
    }
}
