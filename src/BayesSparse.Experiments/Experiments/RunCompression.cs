using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Text;
using TorchSharp;

namespace BayesSparse.Experiments;

/// <summary><c>bayes-sparse compress</c>: a run folder's checkpoint to a compressed model, and its quality on real data.</summary>
public static class RunCompression
{
    /// <summary>Compresses the model of <paramref name="run"/> (config, vocabulary and reported weights; no data files needed).</summary>
    public static CompressedModel Compress(TrainedRun run)
    {
        var config = run.Config;
        var vocabulary = run.LoadVocabulary();
        using var model = run.LoadModel(vocabulary.Count);
        return model switch
        {
            TextClassifier classifier => CompressedExport.Compress(classifier, vocabulary, config.Data.Steps, PaperTask.Of(config.Task).Classes),
            LanguageModel languageModel => CompressedExport.Compress(languageModel, vocabulary),
            _ => throw new InvalidOperationException($"a {config.Task} run builds neither a classifier nor a language model"),
        };
    }

    /// <summary>
    /// The test quality of a compressed model of the task in <paramref name="config"/>, by the protocol of the torch
    /// evaluation (accuracy %; perplexity or bits per char over the same contiguous batches), in plain .NET.
    /// </summary>
    public static double TestQuality(CompressedModel model, ExperimentConfig config, DataDirectory data)
    {
        switch (model)
        {
            case CompressedTextClassifier classifier:
                var test = TextClassificationData.Load(config.Task, data, config.Data.AgNewsStandIn, steps: config.Data.Steps).Test;
                long correct = 0;
                for (int first = 0; first < test.Count; first += config.Data.BatchSize)
                {
                    var rows = Enumerable.Range(first, Math.Min(config.Data.BatchSize, test.Count - first)).ToArray();
                    var sequences = rows.Select(r => test.Tokens.AsSpan(r * test.Steps, test.Steps).ToArray().Where(t => t != ClassifierInput.Pad).ToArray()).ToArray();
                    var logits = classifier.Forward(sequences);
                    correct += rows.Where((r, i) => Array.IndexOf(logits[i], logits[i].Max()) == test.Labels[r]).Count();
                }
                return 100.0 * correct / Math.Max(1, test.Count);
            case CompressedLanguageModel languageModel:
                var corpus = LanguageModelExperiment.LoadCorpus(config, data);
                var state = languageModel.NewState(config.Data.BatchSize);
                double loss = 0;
                long count = 0;
                LanguageModelLogits? lmLogits = null;
                foreach (var (inputs, targets) in LanguageModelBatches.Contiguous(corpus.Test, config.Data.BatchSize, config.Data.Steps))
                {
                    var (x, y) = (Rows(inputs), Rows(targets));
                    lmLogits = languageModel.Forward(x, state, lmLogits);
                    loss += lmLogits.NegativeLogLikelihood(y);
                    count += y.Sum(r => r.Length);
                }
                double mean = loss / Math.Max(1, count);
                return LanguageModelExperiment.Quality(config.IsWordLevel, mean);
            default:
                throw new ArgumentException($"unknown compressed model {model.GetType().Name}");
        }
    }

    private static int[][] Rows(torch.Tensor batch)
    {
        using (batch)
        {
            int steps = (int)batch.shape[1];
            var values = batch.data<long>().ToArray();
            return [.. Enumerable.Range(0, (int)batch.shape[0]).Select(b => values.Skip(b * steps).Take(steps).Select(v => (int)v).ToArray())];
        }
    }
}
