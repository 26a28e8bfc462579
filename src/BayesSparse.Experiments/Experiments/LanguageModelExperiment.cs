using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>
/// PTB word (perplexity; BPTT windows over one stream, state carried and detached between batches) and PTB
/// char (bits per character; sequences at a random offset each epoch). Evaluation runs over the whole split
/// with the state carried.
/// </summary>
public sealed class LanguageModelExperiment : IExperimentTask
{
    private readonly PtbCorpus _corpus;
    private readonly LanguageModel _model;
    private readonly bool _word;
    private readonly int _batchSize, _steps;
    private readonly Device _device;

    /// <summary>Loads the corpus and builds the model.</summary>
    public LanguageModelExperiment(ExperimentConfig config, ModelKind kind, DataDirectory data, Device device)
    {
        _word = config.IsWordLevel;
        _corpus = LoadCorpus(config, data);
        _model = BuildModel(config, kind, _corpus.Vocabulary.Count);
        _model.to(device);
        (_batchSize, _steps, _device) = (config.Data.BatchSize, config.Data.Steps, device);
    }

    /// <summary>The corpus of the config's task: PTB words or characters.</summary>
    public static PtbCorpus LoadCorpus(ExperimentConfig config, DataDirectory data) =>
        config.IsWordLevel ? PtbCorpus.LoadWords(data) : PtbCorpus.LoadChars(data);

    /// <summary>The reported quality from the mean next-symbol loss in nats: perplexity (words) or bits per char.</summary>
    public static double Quality(bool word, double meanNats) => word ? Math.Exp(meanNats) : meanNats / Math.Log(2);

    /// <summary>The language model a config describes, for a vocabulary of <paramref name="vocabularySize"/> symbols.</summary>
    public static LanguageModel BuildModel(ExperimentConfig config, ModelKind kind, int vocabularySize)
    {
        bool word = config.IsWordLevel;
        return new(new LanguageModelConfig(vocabularySize, config.Model.HiddenSize, kind, config.Model.Noise, ForgetBias: word ? 1.0 : 0.0,
            OutputNoise: word ? LinearNoise.OneSamplePerBatch : LinearNoise.LocalReparameterization,
            Options: config.Model.SparseVD(), GateActivation: config.Model.GateActivation));
    }

    /// <inheritdoc />
    public Vocabulary Vocabulary => _corpus.Vocabulary;

    /// <inheritdoc />
    public ISequenceModel Model => _model;

    /// <inheritdoc />
    public long TrainSize => _corpus.Train.Length;

    /// <inheritdoc />
    public string QualityName => _word ? "perplexity" : "bpc";

    /// <inheritdoc />
    public bool HigherIsBetter => false;

    /// <inheritdoc />
    public string? ProtocolNote => null;

    /// <inheritdoc />
    public int BatchesPerEpoch(int? maxBatches)
    {
        long perEpoch = _word ? ((_corpus.Train.Length - 1) / _batchSize + _steps - 1) / _steps : (_corpus.Train.Length - _steps) / _steps / _batchSize;
        return (int)Math.Min(maxBatches ?? int.MaxValue, perEpoch);
    }

    /// <inheritdoc />
    public IEnumerable<Func<Tensor>> TrainBatches(Random random, int? maxBatches)
    {
        var batches = _word ? LanguageModelBatches.Contiguous(_corpus.Train, _batchSize, _steps)
            : LanguageModelBatches.RandomOffset(_corpus.Train, _batchSize, _steps, random);
        (Tensor, Tensor)? state = null;
        foreach (var (inputs, targets) in batches.Take(BatchesPerEpoch(maxBatches)))
        {
            yield return () =>
            {
                var (logits, h, c) = _model.forward(inputs.to(_device), _word ? state : null);
                if (_word)
                {
                    state?.Item1.Dispose();
                    state?.Item2.Dispose();
                    state = (h.detach().DetachFromDisposeScope(), c.detach().DetachFromDisposeScope());
                }
                return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.to(_device).reshape(-1));
            };
            inputs.Dispose();
            targets.Dispose();
        }
    }

    /// <inheritdoc />
    public double Evaluate(string split)
    {
        var stream = split == "test" ? _corpus.Test : _corpus.Valid;
        _model.eval();
        using var _ = no_grad();
        double totalLoss = 0;
        long count = 0;
        (Tensor, Tensor)? state = null;
        foreach (var (inputs, targets) in LanguageModelBatches.Contiguous(stream, _batchSize, _steps))
        {
            using var scope = NewDisposeScope();
            var (logits, h, c) = _model.forward(inputs.to(_device), state);
            state?.Item1.Dispose();
            state?.Item2.Dispose();
            state = (h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
            totalLoss += nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.to(_device).reshape(-1),
                reduction: nn.Reduction.Sum).item<float>();
            count += targets.numel();
            inputs.Dispose();
            targets.Dispose();
        }
        _model.train();
        double mean = totalLoss / Math.Max(1, count);
        return Quality(_word, mean);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
