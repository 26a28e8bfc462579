using BayesSparse.NN.Functional;
using NUnit.Framework;

namespace BayesSparse.Tests.NN.Functional;

[TestFixture]
public sealed class ChunkedParallelTests
{
    [Test]
    public void Should_AddTheChunksInOrder_When_ThreadsFinishInAnyOrder()
    {
        // Given chunk sums whose floating-point total depends on the order of the additions (1e16 absorbs a 1 added
        // after it, not two 1s added before), and chunks that finish in a different order on every run
        double[] values = [1, 1, 1e16, 1, -1e16, 1, 3, 1e16, -1e16, 1];
        double inOrder = values.Aggregate(0.0, (total, v) => total + v);
        var random = new Random(7);

        // When they are summed twenty times with random delays in the chunks
        var totals = Enumerable.Range(0, 20).Select(_ =>
        {
            var delays = values.Select(_ => random.Next(3)).ToArray();
            return ChunkedParallel.Sum(values.Length, 1, (start, _) =>
            {
                Thread.Sleep(delays[start]);
                return values[start];
            });
        }).ToList();

        // Then every total is the in-order sum
        Assert.That(totals, Has.All.EqualTo(inOrder));
    }
}
