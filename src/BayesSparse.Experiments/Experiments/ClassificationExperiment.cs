using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>IMDb / AGNews: <see cref="TextClassifier"/>, shuffled batches, accuracy in percent.</summary>
public sealed class ClassificationExperiment : IExperimentTask
{
    private readonly TextClassificationData _data;
    private readonly TextClassifier _model;
    private readonly int _batchSize;
    private readonly Device _device;

    /// <summary>Loads the data and builds the model.</summary>
    public ClassificationExperiment(ExperimentConfig config, ModelKind kind, DataDirectory data, Device device)
    {
        _data = TextClassificationData.Load(config.Task, data, config.Data.AgNewsStandIn, steps: config.Data.Steps);
        _model = BuildModel(config, kind, _data.Vocabulary.Count);
        _model.to(device);
        _batchSize = config.Data.BatchSize;
        _device = device;
    }

    /// <summary>The classifier a config describes, for a vocabulary of <paramref name="vocabularySize"/> entries.</summary>
    public static TextClassifier BuildModel(ExperimentConfig config, ModelKind kind, int vocabularySize) =>
        new(new TextClassifierConfig(vocabularySize, config.Model.EmbeddingDim, config.Model.HiddenSize,
            PaperTask.Of(config.Task).Classes.Count, kind, config.Model.Noise, config.Model.EmbeddingInitStd,
            config.Model.SparseVD(), config.Model.GateActivation));

    /// <inheritdoc />
    public Vocabulary Vocabulary => _data.Vocabulary;

    /// <inheritdoc />
    public ISequenceModel Model => _model;

    /// <inheritdoc />
    public long TrainSize => _data.Train.Count;

    /// <inheritdoc />
    public string QualityName => "accuracy";

    /// <inheritdoc />
    public bool HigherIsBetter => true;

    /// <inheritdoc />
    public string? ProtocolNote => _data.StandIn ? TextClassificationData.StandInNote : null;

    /// <inheritdoc />
    public int BatchesPerEpoch(int? maxBatches) => Math.Min(maxBatches ?? int.MaxValue, (_data.Train.Count + _batchSize - 1) / _batchSize);

    /// <inheritdoc />
    public IEnumerable<Func<Tensor>> TrainBatches(Random random, int? maxBatches)
    {
        var order = Enumerable.Range(0, _data.Train.Count).ToArray();
        random.Shuffle(order);
        for (int b = 0; b < BatchesPerEpoch(maxBatches); b++)
        {
            var rows = order.Skip(b * _batchSize).Take(_batchSize).ToArray();
            yield return () =>
            {
                var (tokens, mask, labels) = _data.Train.Batch(rows, _device);
                return nn.functional.cross_entropy(_model.forward(tokens, mask), labels);
            };
        }
    }

    /// <inheritdoc />
    public double Evaluate(string split)
    {
        var set = split == "test" ? _data.Test : _data.Valid;
        _model.eval();
        using var _ = no_grad();
        long correct = 0;
        for (int first = 0; first < set.Count; first += _batchSize)
        {
            using var scope = NewDisposeScope();
            var (tokens, mask, labels) = set.Batch(Enumerable.Range(first, Math.Min(_batchSize, set.Count - first)).ToArray(), _device);
            correct += _model.forward(tokens, mask).argmax(1).eq(labels).sum().item<long>();
        }
        _model.train();
        return 100.0 * correct / Math.Max(1, set.Count);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
