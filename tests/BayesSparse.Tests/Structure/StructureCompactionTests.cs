using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Structure;
using BayesSparse.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Structure;

[TestFixture]
public sealed class StructureCompactionTests
{
    private const long Vocabulary = 40, Dims = 8, Hidden = 6;

    /// <summary>
    /// A small classifier where word 5, input neuron 3, hidden neuron 2 and the forget-gate row of hidden neuron 4 are
    /// removed in eval: by their z (mean 0), or, in any model, by all their weights (means 0).
    /// </summary>
    private static TextClassifier ModelWithRemovedUnits(RecurrentNoise noise = RecurrentNoise.Fast, ModelKind kind = ModelKind.WGN, bool byZ = true)
    {
        manual_seed(7);
        var model = new TextClassifier(new TextClassifierConfig(Vocabulary, Dims, Hidden, 2, kind, noise));
        using var _ = no_grad();
        var all = TensorIndex.Colon;
        var zeroed = byZ
            ? new (string, TensorIndex[])[] { ("embedding.z_vocabulary_mu", [5]), ("lstm.z_input_mu", [3]), ("lstm.z_hidden_mu", [2]), ("lstm.z_gates_mu", [Hidden + 4]) }
            : [("embedding.weight_mu", [5, all]), ("lstm.weight_ih_mu", [all, 3]), ("lstm.weight_hh_mu", [all, 2]), ("dense.weight_mu", [all, 2]),
               ("lstm.weight_ih_mu", [Hidden + 4, all]), ("lstm.weight_hh_mu", [Hidden + 4, all])];
        foreach (var (name, index) in zeroed) model.get_parameter(name)![index] = tensor(0f);
        return model;
    }

    private static (Tensor Tokens, Tensor Mask) Batch()
    {
        manual_seed(11);
        var tokens = randint(0, Vocabulary, [4, 9], dtype: ScalarType.Int64);
        tokens[0, 3] = tensor(5L);   // the removed word is read
        return (tokens, ones(4, 9, dtype: ScalarType.Bool));
    }

    private static Tensor EvalLogits(TextClassifier model)
    {
        model.eval();
        var (tokens, mask) = Batch();
        using var _ = no_grad();
        return model.forward(tokens, mask);
    }

    [TestCase(ModelKind.WGN, true)]
    [TestCase(ModelKind.WGN, false)]
    [TestCase(ModelKind.WN, false)]
    [TestCase(ModelKind.W, false)]
    public void Should_CutRemovedUnitsOutOfTheTensors_When_EvalHasNotUsedThem(ModelKind kind, bool byZ)
    {
        using var scope = NewDisposeScope();
        // Given a model whose eval leaves out a word, an input neuron, a hidden neuron and a gate row
        var model = ModelWithRemovedUnits(kind: kind, byZ: byZ);
        var before = EvalLogits(model);
        var weightsBefore = model.EvalWeights();
        var reportBefore = ((ISequenceModel)model).Report();

        // When one compaction step with K = 1 runs
        var cut = new StructureCompaction(1).Step(model).Where(g => g.Cut > 0).ToDictionary(g => g.Group, g => g.Cut);

        // Then exactly those entries are cut from every tensor they index, in every layer that shares them
        // (the four gate rows of the cut hidden neuron count among the cut gates)
        Assert.That(cut, Is.EquivalentTo(new Dictionary<string, long>
            { ["embedding.vocabulary"] = 1, ["lstm.input"] = 1, ["lstm.hidden"] = 1, ["lstm.gates"] = 5 }));
        Assert.That(model.get_parameter("embedding.weight_mu")!.shape, Is.EqualTo(new[] { Vocabulary - 1, Dims - 1 }));
        // (the constant gate keeps its bias)
        Assert.That(model.get_parameter("lstm.weight_ih_log_sigma")!.shape, Is.EqualTo(new[] { 4 * (Hidden - 1) - 1, Dims - 1 }));
        Assert.That(model.get_parameter("lstm.weight_hh_mu")!.shape, Is.EqualTo(new[] { 4 * (Hidden - 1) - 1, Hidden - 1 }));
        Assert.That(model.get_parameter("lstm.bias")!.shape, Is.EqualTo(new[] { 4 * (Hidden - 1) }));
        if (kind == ModelKind.WGN) Assert.That(model.get_parameter("lstm.z_gates_mu")!.shape, Is.EqualTo(new[] { 4 * (Hidden - 1) - 1 }));
        Assert.That(model.get_parameter("dense.weight_mu")!.shape, Is.EqualTo(new[] { 2L, Hidden - 1 }));
        // and eval computes the same logits, reads the same weights in the original coordinates (zeros where cut) and
        // counts the same model
        Assert.That(EvalLogits(model).allclose(before, rtol: 1e-5, atol: 1e-6), Is.True);
        var weightsAfter = model.EvalWeights();
        Assert.That(weightsAfter.Keys, Is.EquivalentTo(weightsBefore.Keys));
        foreach (var (name, value) in weightsBefore)
            Assert.That((weightsAfter[name].eq(value) | weightsAfter[name].eq(0)).all().item<bool>(), Is.True, name);
        var reportAfter = ((ISequenceModel)model).Report();
        Assert.That(new object?[] { reportAfter.Compression, reportAfter.Vocabulary, reportAfter.InputNeurons, reportAfter.HiddenNeurons, reportAfter.Gates },
            Is.EqualTo(new object?[] { reportBefore.Compression, reportBefore.Vocabulary, reportBefore.InputNeurons, reportBefore.HiddenNeurons, reportBefore.Gates }));
        Assert.That(ModelStructure.Live(model)["lstm.hidden"], Is.EqualTo(new long[] { 0, 1, 3, 4, 5 }));
    }

    [TestCase(RecurrentNoise.Fast, ModelKind.WGN)]
    [TestCase(RecurrentNoise.Faithful, ModelKind.WGN)]
    [TestCase(RecurrentNoise.Faithful, ModelKind.WN)]
    [TestCase(RecurrentNoise.Fast, ModelKind.W)]
    public void Should_TrainOnTheLiveShapes_When_CutWithTheOptimiserState(RecurrentNoise noise, ModelKind kind)
    {
        using var scope = NewDisposeScope();
        // Given a model with Adam state, cut after one step
        var model = ModelWithRemovedUnits(noise, kind, byZ: false);
        var optimizer = new Adam(model.parameters(), 1e-3);
        var (tokens, mask) = Batch();
        var labels = tensor(new long[] { 0, 1, 0, 1 });
        void Step()
        {
            model.train();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(tokens, mask), labels) + SparseVDModel.KlDivergence(model) / 1000;
            loss.backward();
            optimizer.step();
        }
        Step();
        new StructureCompaction(1).Step(model, optimizer);

        // When it trains on
        Step();

        // Then every parameter, its gradient and its Adam moments have the live shape
        var states = optimizer.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToList();
        foreach (var (parameter, state) in model.parameters().Zip(states))
        {
            Assert.That(parameter.grad!.shape, Is.EqualTo(parameter.shape));
            Assert.That(state.exp_avg.shape, Is.EqualTo(parameter.shape));
            Assert.That(state.exp_avg_sq.shape, Is.EqualTo(parameter.shape));
        }
        Assert.That(model.get_parameter("lstm.weight_hh_mu")!.shape, Is.EqualTo(new[] { 4 * (Hidden - 1) - 1, Hidden - 1 }));
        Assert.That(model.parameters().All(p => p.isfinite().all().item<bool>()), Is.True);
    }

    [Test]
    public void Should_CutOnlyAfterKReadingsInARow_When_KIsTwo()
    {
        using var scope = NewDisposeScope();
        var model = ModelWithRemovedUnits();
        var rule = new StructureCompaction(2);

        var first = rule.Step(model);
        Assert.That(first.Sum(g => g.Cut), Is.Zero);
        Assert.That(first.Single(g => g.Group == "lstm.hidden").Unused, Is.EqualTo(1));
        Assert.That(rule.RemovedFor["lstm.hidden"], Is.EquivalentTo(new Dictionary<long, int> { [2] = 1 }), "only the unused neuron counts");
        var second = rule.Step(model);

        Assert.That(second.Where(g => g.Cut > 0).Select(g => g.Group), Is.EquivalentTo(new[] { "embedding.vocabulary", "lstm.input", "lstm.hidden", "lstm.gates" }));
        Assert.That(rule.RemovedFor["lstm.hidden"].ContainsKey(2), Is.False, "a cut neuron needs its counter no more");
    }

    [Test]
    public void Should_WaitLongerForAGroup_When_ItHasItsOwnK()
    {
        using var scope = NewDisposeScope();
        var model = ModelWithRemovedUnits();
        var rule = new StructureCompaction(1, epochsByGroup: new Dictionary<string, int> { ["lstm.input"] = 2 });

        var first = rule.Step(model).ToDictionary(g => g.Group, g => g.Cut);
        var second = rule.Step(model).ToDictionary(g => g.Group, g => g.Cut);

        Assert.That((first["lstm.hidden"], first["lstm.input"]), Is.EqualTo((1L, 0L)));
        Assert.That(second["lstm.input"], Is.EqualTo(1));
    }

    [TestCase(null, 0L)]
    [TestCase(3, 1L)]
    public void Should_CutAFlickeringNeuron_OnlyWithAWindow(int? window, long cutAtThirdReading)
    {
        using var scope = NewDisposeScope();
        // Given a rule with K = 2 for hidden neurons (with a window of 3 readings, or without: K in a row)
        var model = ModelWithRemovedUnits();
        var windows = window is { } w ? new Dictionary<string, int> { ["lstm.hidden"] = w } : null;
        var rule = new StructureCompaction(100, epochsByGroup: new Dictionary<string, int> { ["lstm.hidden"] = 2 }, windowByGroup: windows);
        var mu = model.get_parameter("lstm.z_hidden_mu")!;

        // When hidden neuron 2 is unused, used, then unused again at three readings
        rule.Step(model);
        using (no_grad()) mu[2] = tensor(1f);
        var second = rule.Step(model).Single(g => g.Group == "lstm.hidden");
        using (no_grad()) mu[2] = tensor(0f);
        var third = rule.Step(model).Single(g => g.Group == "lstm.hidden");

        // Then the window cuts it at the third reading (unused at 2 of the last 3) and K in a row does not
        Assert.That(second.Cut, Is.Zero);
        Assert.That(third.Cut, Is.EqualTo(cutAtThirdReading));
        Assert.That(model.get_parameter("lstm.z_hidden_mu")!.shape[0], Is.EqualTo(Hidden - cutAtThirdReading));
        if (window is not null)
            Assert.That(rule.UnusedReadings["lstm.hidden"], Is.Empty, "a cut neuron's readings are dropped");
    }

    [Test]
    public void Should_ContinueAWindowExactly_When_ItsReadingsAreRestored()
    {
        using var scope = NewDisposeScope();
        // Given a windowed rule that read hidden neuron 2 unused once
        var windows = new Dictionary<string, int> { ["lstm.hidden"] = 3 };
        var model = ModelWithRemovedUnits();
        var rule = new StructureCompaction(2, windowByGroup: windows);
        rule.Step(model);
        Assert.That(rule.UnusedReadings["lstm.hidden"], Is.EquivalentTo(new Dictionary<long, ulong> { [2] = 1 }));

        // When a new rule continues from its counters and readings
        var resumed = new StructureCompaction(2, rule.RemovedFor, windowByGroup: windows, unusedReadings: rule.UnusedReadings);

        // Then the second reading cuts the neuron there as in the first rule
        Assert.That(resumed.Step(model).Single(g => g.Group == "lstm.hidden").Cut, Is.EqualTo(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructureCompaction(2, windowByGroup: new Dictionary<string, int> { ["lstm.hidden"] = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructureCompaction(2, windowByGroup: new Dictionary<string, int> { ["lstm.hidden"] = 65 }));
    }

    [Test]
    public void Should_CountStructureThatComesBack_When_AnUnusedEntryIsUsedAgain()
    {
        using var scope = NewDisposeScope();
        // Given a hidden neuron unused at two readings
        var model = ModelWithRemovedUnits();
        var rule = new StructureCompaction(3);
        rule.Step(model);
        rule.Step(model);

        // When it is used again at the third
        using (no_grad()) model.get_parameter("lstm.z_hidden_mu")![2] = tensor(1f);
        var third = rule.Step(model).Single(g => g.Group == "lstm.hidden");

        // Then it is counted as back after two unused readings, and is neither cut nor counted any more
        Assert.That(third.CameBackAfter, Is.EquivalentTo(new Dictionary<int, long> { [2] = 1 }));
        Assert.That((third.Unused, third.Cut), Is.EqualTo((0L, 0L)));
        Assert.That(rule.RemovedFor["lstm.hidden"], Is.Empty);
    }

    [Test]
    public void Should_LoadACutModelsWeights_When_ANewModelIsRestoredToItsLiveEntries()
    {
        using var scope = NewDisposeScope();
        // Given a cut model saved to a file
        var model = ModelWithRemovedUnits();
        new StructureCompaction(1).Step(model);
        var path = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.bin");
        model.save(path);

        // When a new model is cut to the recorded live entries and loads the file
        var restored = new TextClassifier(model.Config);
        ModelStructure.Restore(restored, ModelStructure.Live(model));
        restored.load(path);
        File.Delete(path);

        // Then it computes the same logits
        Assert.That(EvalLogits(restored).eq(EvalLogits(model)).all().item<bool>(), Is.True);
    }

    [Test]
    public void Should_Refuse_When_AKeptEntryIsNotLive()
    {
        using var scope = NewDisposeScope();
        var layer = new LinearSVD(5, 3);
        layer.Structure.Keep("input", tensor(new long[] { 0, 2, 4 }));

        Assert.Throws<ArgumentException>(() => layer.Structure.Keep("input", tensor(new long[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => layer.Structure.Keep("input", tensor(new long[] { 4, 2 })));
        Assert.Throws<ArgumentException>(() => layer.Structure.Keep("columns", tensor(new long[] { 0 })));
        Assert.That(layer.Weight.Mu.shape, Is.EqualTo(new long[] { 3, 3 }));
    }
}
