using BayesSparse.Experiments;
using BayesSparse.Reporting;
using NUnit.Framework;

namespace BayesSparse.Tests.Reporting;

[TestFixture]
public sealed class EpochCostTests
{
    private static EpochLogRow Row(int epoch, double seconds, long hidden, long gates, long? words) =>
        new(epoch, 1, 1, 50, 10, $"100-{hidden}", gates, seconds, Vocabulary: words);

    [Test]
    public void Should_FindTheFirstSmallAndTheFirstCheapEpoch_When_TheStructureShrinks()
    {
        // Given a log that reaches 50 hidden, 100 gates and 1000 words at epoch 3 and gets under 1/8 of 80 s (10 s) at 4,
        // with epoch 5 slower again
        var log = new[] { Row(1, 80, 200, 800, 20_000), Row(2, 60, 60, 200, 5_000), Row(3, 30, 50, 100, 1_000), Row(4, 9, 40, 90, 900),
            Row(5, 12, 40, 90, 900), Row(6, 8, 40, 90, 900) };

        // When it is read against the default targets
        var cost = EpochCost.Of(log, new EpochCostTargets());

        // Then epoch 3 is the first small one, 4 the first cheap one, 3 and 5 took longer, and the median is of all six epochs
        Assert.That((cost.FirstSmall?.Epoch, cost.FirstWithinLimit?.Epoch, cost.LimitSeconds), Is.EqualTo((3, 4, 10.0)));
        Assert.That(cost.OverLimit, Is.EqualTo(new[] { 3, 5 }));
        Assert.That((cost.EpochsFromSmall, cost.TailEpochs, cost.TailMedianSeconds), Is.EqualTo((4, 6, 21.0)));
        Assert.That(cost.Hours, Is.EqualTo(199.0 / 3600).Within(1e-12));
    }

    [Test]
    public void Should_ReadAgainstTheGivenReference_When_EpochOneSharedTheCores()
    {
        // Given a language model's log (no vocabulary column) whose epoch 1 was slowed, and a 16 s idle reference
        var log = new[] { Row(1, 80, 40, 90, null), Row(2, 3, 40, 90, null) };

        // When it is read, Then 1/8 is of the reference, and the log without words counts as none
        var cost = EpochCost.Of(log, new EpochCostTargets(), referenceSeconds: 16);
        Assert.That((cost.LimitSeconds, cost.FirstSmall?.Epoch, cost.FirstWithinLimit?.Epoch), Is.EqualTo((2.0, 1, (int?)null)));
        Assert.That(EpochCost.Of(log, new EpochCostTargets(Hidden: 10)).FirstSmall, Is.Null);
    }
}
