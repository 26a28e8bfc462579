using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Training;

[TestFixture]
public sealed class AdamTests
{
    /// <summary>A small model in float64, where ours takes libtorch's operations as TorchSharp's does, or in float32, where it takes its fused pass.</summary>
    private static nn.Module<Tensor, Tensor> Model(ScalarType dtype = ScalarType.Float64)
    {
        manual_seed(3);
        return nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2)).to(dtype);
    }

    private static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int steps)
    {
        manual_seed(4);
        var dtype = model.parameters().First().dtype;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(randn(8, 6, dtype)), randn(8, 2, dtype)).backward();
            optimizer.step();
        }
    }

    [Test]
    public void Should_UpdateBitForBitLikeTorchSharpAdam_When_TrainedTheSameSteps()
    {
        // Given the same float64 model twice, one with TorchSharp's Adam (beta2 0.99, its factory default) and one with ours
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
    public void Should_UpdateWithinARoundingOfTorchSharpAdam_When_TheFusedPassTrainsFloat32()
    {
        // Given the same float32 model twice, one with TorchSharp's Adam and one with ours (its fused pass)
        using var theirs = Model(ScalarType.Float32);
        using var ours = Model(ScalarType.Float32);
        using var theirOptimizer = optim.Adam(theirs.parameters(), 0.01);
        using var ourOptimizer = new BayesSparse.Training.Adam(ours.parameters(), 0.01);

        // When both train 20 steps on the same batches
        Train(theirs, theirOptimizer, 20);
        Train(ours, ourOptimizer, 20);

        // Then every parameter moved the same way, to within float32 roundings (a step moves each by about 0.01)
        foreach (var (a, b) in theirs.parameters().Zip(ours.parameters()))
            Assert.That(a.sub(b).abs().max().item<float>(), Is.LessThan(1e-5f));
    }

    [Test]
    public void Should_MatchLibTorchsOperationsToARounding_When_TheFusedPassUpdatesALargeTensor()
    {
        // Given a float32 parameter of 100,003 values (vector chunks and a scalar tail) and its float64 twin
        manual_seed(5);
        using var start = randn(100_003) * 0.1;
        using var single = nn.Parameter(start.clone());
        using var twin = nn.Parameter(start.to(ScalarType.Float64));
        using var singleOptimizer = new BayesSparse.Training.Adam([single], 1e-3);
        using var twinOptimizer = new BayesSparse.Training.Adam([twin], 1e-3);

        // When both take three steps on the same gradients (the twin through libtorch's operations)
        for (int step = 0; step < 3; step++)
        {
            using var grad = randn(100_003) * 0.01;
            single.grad = grad.clone();
            twin.grad = grad.to(ScalarType.Float64);
            singleOptimizer.step();
            twinOptimizer.step();
        }

        // Then the fused float32 pass lands within float32 roundings of the float64 update, every value having moved
        using var moved = single.detach().sub(start).abs().mean();
        Assert.That(moved.item<float>(), Is.GreaterThan(1e-4f));
        using var error = single.detach().to(ScalarType.Float64).sub(twin.detach()).abs().max();
        Assert.That(error.item<double>(), Is.LessThan(1e-7));
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
