using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Models;

/// <summary>A model's dense form (<see cref="TrainedWeights"/>) carries its eval-mode function between model kinds.</summary>
[TestFixture]
public sealed class TrainedWeightsTests
{
    private static TextClassifier Classifier(ModelKind kind) =>
        new(new TextClassifierConfig(VocabularySize: 30, EmbeddingDim: 6, HiddenSize: 5, Classes: 3, kind, RecurrentNoise.Fast));

    private static (Tensor Tokens, Tensor Mask) Batch()
    {
        manual_seed(11);
        var tokens = randint(1, 30, [4, 9]);
        var mask = ones(4, 9, dtype: ScalarType.Bool);
        mask[0, ..3] = tensor(false);
        tokens[0, ..3] = tensor(0L);
        return (tokens, mask);
    }

    [Test]
    public void Should_ComputeTheSameLogits_When_SparseModelIsReadIntoAnOriginal()
    {
        // Given a W+G+N classifier with group variables away from 1, some removed (neurons, gates, words)
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var sparse = Classifier(ModelKind.WGN);
        using (no_grad())
            foreach (var (name, parameter) in sparse.named_parameters().Where(p => p.name.Contains("z_") && p.name.EndsWith("_mu")))
            {
                parameter.copy_(rand_like(parameter) + 0.5);
                parameter[0] = tensor(0f);
            }
        sparse.eval();
        var (tokens, mask) = Batch();

        // When its dense form is loaded into an Original
        using var original = Classifier(ModelKind.Original);
        using (no_grad())
        {
            var weights = TrainedWeights.Of(sparse);
            TrainedWeights.Load(original, weights);
        }
        original.eval();

        // Then both give the same logits
        var difference = (sparse.forward(tokens, mask) - original.forward(tokens, mask)).abs().max().item<float>();
        Assert.That(difference, Is.LessThan(1e-5));
    }

    [Test]
    public void Should_ComputeTheOriginalsLogits_When_SparseModelStartsFromIt()
    {
        // Given a trained-looking Original
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var original = Classifier(ModelKind.Original);
        original.eval();
        var (tokens, mask) = Batch();

        // When a W+G+N model starts from its weights
        using var sparse = Classifier(ModelKind.WGN);
        using (no_grad()) TrainedWeights.Load(sparse, TrainedWeights.Of(original));
        sparse.eval();

        // Then before any training it computes the Original's function
        var difference = (sparse.forward(tokens, mask) - original.forward(tokens, mask)).abs().max().item<float>();
        Assert.That(difference, Is.LessThan(1e-5));
    }

    [Test]
    public void Should_NameTheTensor_When_ShapeDiffers()
    {
        using var scope = NewDisposeScope();
        using var model = Classifier(ModelKind.W);
        Dictionary<string, Tensor> weights;
        using (no_grad()) weights = TrainedWeights.Of(model);
        weights["lstm.weight_hh"] = zeros(20, 4);

        var error = Assert.Throws<ArgumentException>(() => TrainedWeights.Load(model, weights));

        Assert.That(error!.Message, Does.Contain("'lstm.weight_hh'").And.Contain("[20, 4]"));
    }
}
