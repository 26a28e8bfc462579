using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.NN.Recurrent;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Models;

/// <summary>A PyTorch-style dense classifier's state dict (torch.save zip or safetensors) starts the paper's model.</summary>
[TestFixture]
public sealed class PyTorchWeightsTests
{
    /// <summary>The model a PyTorch user would have written: nn.Embedding, nn.LSTM (two biases), nn.Linear named fc (or as the constructor says).</summary>
    internal sealed class TorchClassifier : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding;
        private readonly LSTM lstm;
        private readonly Linear fc;

        public TorchClassifier(long vocabulary, long width, long hidden, long classes, string output = "fc") : base(nameof(TorchClassifier))
        {
            embedding = nn.Embedding(vocabulary, width);
            lstm = nn.LSTM(width, hidden, batchFirst: true);
            fc = nn.Linear(hidden, classes);
            register_module("embedding", embedding);
            register_module("lstm", lstm);
            register_module(output, fc);
        }

        public override Tensor forward(Tensor tokens)
        {
            var (output, _, _) = lstm.forward(embedding.forward(tokens));
            return fc.forward(output[.., -1]);
        }
    }

    /// <summary>The paper's language model as a PyTorch user would write it: nn.LSTM over one-hot words, nn.Linear named dense.</summary>
    private sealed class TorchLanguageModel : nn.Module<Tensor, Tensor>
    {
        private readonly LSTM lstm;
        private readonly Linear dense;
        private readonly long vocabulary;

        public TorchLanguageModel(long vocabulary, long hidden) : base(nameof(TorchLanguageModel))
        {
            this.vocabulary = vocabulary;
            lstm = nn.LSTM(vocabulary, hidden, batchFirst: true);
            dense = nn.Linear(hidden, vocabulary);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens)
        {
            var (output, _, _) = lstm.forward(nn.functional.one_hot(tokens, vocabulary).to(ScalarType.Float32));
            return dense.forward(output);
        }
    }

    [TestCase("weights.pt", TestName = "Should_ComputeTheTorchModelsLogits_When_StartedFromATorchSaveFile")]
    [TestCase("weights.safetensors", TestName = "Should_ComputeTheTorchModelsLogits_When_StartedFromASafetensorsFile")]
    public void Should_ComputeTheTorchModelsLogits(string fileName)
    {
        // Given a trained-looking PyTorch-style classifier saved as PyTorch would save it
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var torchModel = new TorchClassifier(30, 6, 5, 3);
        var path = Path.Combine(DataFolders.Scratch(), fileName);
        if (fileName.EndsWith(".safetensors")) torchModel.save_safetensors(path);
        else torchModel.save_py(path);
        var tokens = randint(30, [4, 9]);

        // When the paper's Original and W+G+N classifiers start from that file
        var weights = PyTorchWeights.Read(path);
        using var original = new TextClassifier(new TextClassifierConfig(30, 6, 5, 3, ModelKind.Original));
        using var sparse = new TextClassifier(new TextClassifierConfig(30, 6, 5, 3, ModelKind.WGN, RecurrentNoise.Fast));
        using (no_grad())
        {
            TrainedWeights.Load(original, weights);
            TrainedWeights.Load(sparse, weights);
        }
        original.eval();
        sparse.eval();

        // Then all three compute the same logits (no padding: every token is real)
        var mask = ones(4, 9, dtype: ScalarType.Bool);
        var expected = torchModel.forward(tokens);
        Assert.That((original.forward(tokens, mask) - expected).abs().max().item<float>(), Is.LessThan(1e-5));
        Assert.That((sparse.forward(tokens, mask) - expected).abs().max().item<float>(), Is.LessThan(1e-5));
    }

    [TestCase("sparse.pt", TestName = "Should_ComputeTheSparseModelsLogits_InATorchModel_When_SavedForTorchLoad")]
    [TestCase("sparse.safetensors", TestName = "Should_ComputeTheSparseModelsLogits_InATorchModel_When_SavedAsSafetensors")]
    public void Should_ComputeTheSparseModelsLogits_InATorchModel(string fileName)
    {
        // Given a W+G+N classifier with group variables away from 1 and the first of each removed (a word, an input and
        // a hidden neuron, a gate row)
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var sparse = new TextClassifier(new TextClassifierConfig(30, 6, 5, 3, ModelKind.WGN, RecurrentNoise.Fast));
        using (no_grad())
            foreach (var (_, parameter) in sparse.named_parameters().Where(p => p.name.Contains("z_") && p.name.EndsWith("_mu")))
            {
                parameter.copy_(rand_like(parameter) + 0.5);
                parameter[0] = tensor(0f);
            }
        sparse.eval();

        // When its dense form is saved in PyTorch's names and loaded into the model a PyTorch user writes (output layer 'dense')
        var path = Path.Combine(DataFolders.Scratch(), fileName);
        using (no_grad()) PyTorchWeights.Save(TrainedWeights.Of(sparse), path);
        using var torchModel = new TorchClassifier(30, 6, 5, 3, output: "dense");
        if (fileName.EndsWith(".safetensors")) torchModel.load_safetensors(path);
        else torchModel.load_py(path);

        // Then the PyTorch-shaped model computes the sparse model's logits, with the removed gate row as zeros
        var tokens = randint(30, [4, 9]);
        var expected = sparse.forward(tokens, ones(4, 9, dtype: ScalarType.Bool));
        Assert.That((torchModel.forward(tokens) - expected).abs().max().item<float>(), Is.LessThan(1e-5));
        var saved = PyTorchWeights.Read(path);
        Assert.That(saved["lstm.weight_ih"][0].abs().sum().item<float>(), Is.Zero);
        Assert.That(saved["lstm.weight_hh"][0].abs().sum().item<float>(), Is.Zero);
    }

    [Test]
    public void Should_ComputeTheSparseLanguageModelsLogits_InATorchLstmOnOneHotWords_When_Saved()
    {
        // Given a W+G+N language model with group variables away from 1 and the first of each removed
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var sparse = new LanguageModel(new LanguageModelConfig(12, 5, ModelKind.WGN));
        using (no_grad())
            foreach (var (_, parameter) in sparse.named_parameters().Where(p => p.name.Contains("z_") && p.name.EndsWith("_mu")))
            {
                parameter.copy_(rand_like(parameter) + 0.5);
                parameter[0] = tensor(0f);
            }
        sparse.eval();

        // When its dense form is saved and loaded into torch.nn layers named as the file names them: an LSTM over
        // one-hot words and a Linear
        var path = Path.Combine(DataFolders.Scratch(), "lm.pt");
        using (no_grad()) PyTorchWeights.Save(TrainedWeights.Of(sparse), path);
        using var torchModel = new TorchLanguageModel(12, 5);
        torchModel.load_py(path);

        // Then the torch.nn layers compute the sparse model's next-word logits
        var tokens = randint(12, [3, 7]);
        var (expected, _, _) = sparse.forward(tokens);
        Assert.That((torchModel.forward(tokens) - expected).abs().max().item<float>(), Is.LessThan(1e-5));
    }

    [Test]
    public void Should_NameTheTensor_When_AShapeDoesNotFit()
    {
        using var scope = NewDisposeScope();
        using var torchModel = new TorchClassifier(30, 6, 5, 3);
        var path = Path.Combine(DataFolders.Scratch(), "weights.pt");
        torchModel.save_py(path);
        using var model = new TextClassifier(new TextClassifierConfig(30, 6, 7, 3, ModelKind.W));

        var error = Assert.Throws<ArgumentException>(() => TrainedWeights.Load(model, PyTorchWeights.Read(path)));

        Assert.That(error!.Message, Does.StartWith("'lstm.weight_ih' has shape [20, 6], the model needs [28, 6]"));
    }

    [Test]
    public void Should_RefuseInOneLine_When_FileIsNotAStateDict()
    {
        var path = Path.Combine(DataFolders.Scratch(), "weights.pt");
        File.WriteAllText(path, "not a zip file");

        var error = Assert.Throws<DataException>(() => PyTorchWeights.Read(path));

        Assert.That(error!.Message, Does.Contain("is not a readable PyTorch state dict").And.Not.Contain("\n"));
    }
}
