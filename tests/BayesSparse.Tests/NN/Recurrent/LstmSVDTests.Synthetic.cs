using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Sparsity;
using BayesSparse.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.NN.Recurrent;

[TestFixture]
public sealed class LstmSVDSyntheticTaskTests
{
    private sealed class Classifier : nn.Module<Tensor, Tensor>
    {
        private readonly LstmSVD lstm;
        private readonly LinearSVD dense;

        public Classifier() : base(nameof(Classifier))
        {
            lstm = new LstmSVD(20, 8, SparsityGroups.Neurons | SparsityGroups.Gates);
            dense = new LinearSVD(8, 2);
            RegisterComponents();
        }

        public LstmSVD Lstm => lstm;

        public LinearSVD Dense => dense;

        public override Tensor forward(Tensor x) => dense.forward(lstm.forward(x).Item1[.., -1]);
    }

    [Test]
    public void Should_RemoveTheIrrelevantInputNeurons_When_LabelDependsOnTwoOf20Channels()
    {
        // Given sequences of 20 channels whose label is the sign of the sum of channels 0 and 1
        manual_seed(3);
        var x = randn(400, 6, 20);
        var y = (x[.., .., 0].sum(1) + x[.., .., 1].sum(1) > 0).to(ScalarType.Int64);
        using var model = new Classifier();
        var elbo = new ElboLoss(400);
        using var optimizer = optim.Adam(model.parameters(), 0.01);

        // When W+G+N is trained
        for (int step = 0; step < 800; step++)
        {
            var rows = randint(0, 400, [100]);
            TrainStep.Run(model, () => nn.functional.cross_entropy(model.forward(x.index_select(0, rows)), y.index_select(0, rows)), optimizer, elbo, step, null);
        }

        // Then input neurons 0 and 1 survive and at least 17 of the 18 irrelevant ones are removed (in runs of
        // this size one noise channel that helps fit the 400 training sequences can survive), and it still classifies
        model.eval();
        using var _ = no_grad();
        var zInput = model.Lstm.Variables.ZInput!.MaskedMean(model.Lstm.Options);
        var weightIh = model.Lstm.Variables.WeightIh.MaskedMean(model.Lstm.Options);
        var report = StructuredSparsity.Count(new RecurrentMasks(weightIh.ne(0), model.Lstm.Variables.WeightHh.MaskedMean(model.Lstm.Options).ne(0),
            model.Dense.Weight.MaskedMean(model.Dense.Options).ne(0), ZInput: zInput.ne(0)));
        var kept = Enumerable.Range(0, 20).Where(i => zInput[i].item<float>() != 0 && weightIh[.., i].ne(0).any().item<bool>()).ToList();
        Assert.That(kept, Is.SupersetOf(new[] { 0, 1 }), $"kept inputs {string.Join(",", kept)}");
        Assert.That(kept, Has.Count.LessThanOrEqualTo(3), $"kept inputs {string.Join(",", kept)}");
        Assert.That(report.InputNeurons!.Kept, Is.EqualTo(kept.Count), "the structured count agrees");
        var accuracy = (model.forward(x).argmax(1) == y).to(ScalarType.Float32).mean().item<float>();
        Assert.That(accuracy, Is.GreaterThan(0.9f));
    }
}
