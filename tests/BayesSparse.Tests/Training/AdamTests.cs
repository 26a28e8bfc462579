using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Training;

[TestFixture]
public sealed class AdamTests
{
    private static nn.Module<Tensor, Tensor> Model()
    {
        manual_seed(3);
        return nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2));
    }

    private static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int steps)
    {
        manual_seed(4);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(randn(8, 6)), randn(8, 2)).backward();
            optimizer.step();
        }
    }

    [Test]
    public void Should_UpdateBitForBitLikeTorchSharpAdam_When_TrainedTheSameSteps()
    {
        // Given the same model twice, one with TorchSharp's Adam (beta2 0.99, its factory default) and one with ours
        using var theirs = Model();
        using var ours = Model();
        using var theirOptimizer = optim.Adam(theirs.parameters(), 0.01);
        using var ourOptimizer = new BayesSparse.Training.Adam(ours.parameters(), 0.01);

        // When both train 20 steps on the same batches
        Train(theirs, theirOptimizer, 20);
        Train(ours, ourOptimizer, 20);

        // Then every parameter is bit-identical
        foreach (var (a, b) in theirs.parameters().Zip(ours.parameters()))
            Assert.That(a.equal(b).all().item<bool>(), Is.True);
    }

    [Test]
    public void Should_ContinueFromTorchSharpAdamsSavedState_When_Loaded()
    {
        // Given TorchSharp's Adam after 5 steps, saved, and a copy of the model at that point
        using var theirs = Model();
        using var theirOptimizer = optim.Adam(theirs.parameters(), 0.01);
        Train(theirs, theirOptimizer, 5);
        var file = Path.Combine(Path.GetTempPath(), $"adam-{Guid.NewGuid():N}.bin");
        theirOptimizer.save_state_dict(file);
        using var ours = Model();
        foreach (var (a, b) in theirs.parameters().Zip(ours.parameters())) using (no_grad()) b.copy_(a);

        // When ours loads that state and both train 5 more steps
        using var ourOptimizer = new BayesSparse.Training.Adam(ours.parameters(), 0.01);
        ourOptimizer.load_state_dict(file);
        File.Delete(file);
        Train(theirs, theirOptimizer, 5);
        Train(ours, ourOptimizer, 5);

        // Then they are still bit-identical (the moments and the step count were carried over)
        foreach (var (a, b) in theirs.parameters().Zip(ours.parameters()))
            Assert.That(a.equal(b).all().item<bool>(), Is.True);
    }
}
