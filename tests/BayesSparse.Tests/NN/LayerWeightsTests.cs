using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.Pruning;
using BayesSparse.Sparsity;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN;

[TestFixture]
public sealed class LayerWeightsTests
{
    /// <summary>A layer type the library has never seen: a linear map whose eval weight drops negative entries.</summary>
    private sealed class PositiveLinear : nn.Module<Tensor, Tensor>, ILayerWeights
    {
        private readonly TorchSharp.Modules.Parameter weight;

        public PositiveLinear(long inFeatures, long outFeatures) : base(nameof(PositiveLinear))
        {
            weight = new TorchSharp.Modules.Parameter(randn(outFeatures, inFeatures));
            register_parameter(nameof(weight), weight);
        }

        public override Tensor forward(Tensor input) => input.matmul(weight.clamp_min(0).t());

        public IReadOnlyDictionary<string, Tensor> EvalWeights() => new Dictionary<string, Tensor> { ["weight"] = weight.detach().clamp_min(0) };

        public IReadOnlyList<string> WeightMatrices => ["weight"];

        public void LoadTrained(TrainedTensors weights)
        {
            using var _ = no_grad();
            weight.copy_(weights.Get("weight", weight.shape));
        }
    }

    private sealed class TwoLayers : nn.Module<Tensor, Tensor>
    {
        private readonly PositiveLinear first;
        private readonly TorchSharp.Modules.Linear second;

        public TwoLayers() : base(nameof(TwoLayers))
        {
            first = new PositiveLinear(4, 6);
            second = nn.Linear(6, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => second.forward(first.forward(input));
    }

    [Test]
    public void Should_ReadLibTorchLayers_When_TheyHaveOnlyPlainParameters()
    {
        using var scope = NewDisposeScope();
        using var lstm = nn.LSTM(3, 5);
        var layer = LayerWeights.Of(lstm);

        Assert.That(layer.EvalWeights().Keys, Is.EquivalentTo(new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" }));
        Assert.That(layer.WeightMatrices, Is.EqualTo(new[] { "weight_ih_l0", "weight_hh_l0" }));
        Assert.That(TensorAssert.Identical(layer.EvalWeights()["weight_hh_l0"], lstm.get_parameter("weight_hh_l0")!), Is.True);
    }

    [Test]
    public void Should_CountLoadAndPruneANewLayerType_When_ItImplementsTheInterface()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new TwoLayers();
        var weight = model.named_modules().Select(m => m.module).OfType<PositiveLinear>().Single().get_parameter("weight")!;
        long positive = weight.gt(0).sum().item<long>();

        // Counting reads the layer's eval weights: its negative entries are not counted as kept
        var report = SparsityReport.Of(model);
        Assert.That(report.Weights.Select(w => w.Name), Is.EqualTo(new[] { "first.weight", "second.weight" }));
        Assert.That(report.Weights[0].Nonzero, Is.EqualTo(positive));
        Assert.That(report.Weights[1].Nonzero, Is.EqualTo(12));

        // Warm starts go through LoadTrained, with the model's names in errors
        var trained = TrainedWeights.Of(model);
        trained["first.weight"] = ones(6, 4);
        TrainedWeights.Load(model, trained);
        Assert.That(weight.eq(1).all().item<bool>(), Is.True);
        trained["first.weight"] = ones(4, 6);
        Assert.That(Assert.Throws<ArgumentException>(() => TrainedWeights.Load(model, trained))!.Message,
            Does.StartWith("'first.weight' has shape [4, 6], the model needs [6, 4]"));

        // and the pruners prune every weight matrix it names
        Assert.That(PrunerFactory.Create(ModelKind.PruneAgp, model, null, totalSteps: 100), Is.Not.Null);
        Assert.That(model.named_buffers().Select(b => b.name).Where(n => n.EndsWith("_mask", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "first.weight_mask", "second.weight_mask" }));
    }
}
