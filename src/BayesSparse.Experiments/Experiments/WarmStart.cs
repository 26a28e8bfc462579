using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>
/// Applies a config's <c>start</c> section to a freshly built task's model before its first epoch: the trained
/// weights of a finished run of the same task and shapes (<see cref="TrainedWeights"/>) or of a PyTorch / safetensors
/// file (<see cref="PyTorchWeights"/>), then the embedding rows of the words a vectors file has. Every check runs before anything is written.
/// </summary>
public static class WarmStart
{
    /// <summary>Starts <paramref name="task"/>'s model as <paramref name="start"/> says; returns what was done.</summary>
    /// <exception cref="DataException">A run of another task, shapes or vocabulary, an unfinished run, or a bad vectors file.</exception>
    public static RunStart Apply(StartSection? start, ExperimentConfig config, IExperimentTask task)
    {
        var result = RunStart.Cold;
        if (start?.InitFrom is { } source)
            result = File.Exists(source) ? FromPyTorch(source, task)
                : Directory.Exists(source) ? FromRun(source, config, task)
                : throw new DataException(source, "does not exist", "Pass a finished run folder, or a PyTorch (.pt) or safetensors state dict");
        if (start?.Embeddings is { } file) result = result with { Embeddings = file, EmbeddingsMatched = FromVectors(file, config, task) };
        return result;
    }

    private static RunStart FromRun(string folder, ExperimentConfig config, IExperimentTask task)
    {
        var run = TrainedRun.Open(folder);
        const string fix = "Start from a finished run of the same task, data and shapes (typically its Original)";
        if (run.Config.Task != config.Task) throw new DataException(folder, $"is a run of {run.Config.Task}, not {config.Task}", fix);
        var (theirs, ours) = (run.Config.Model, config.Model);
        if (theirs.HiddenSize != ours.HiddenSize || (config.IsClassification && theirs.EmbeddingDim != ours.EmbeddingDim))
            throw new DataException(folder, $"has hidden size {theirs.HiddenSize} and embedding {theirs.EmbeddingDim}; this run needs {ours.HiddenSize} and {ours.EmbeddingDim}", fix);
        if (run.Kind.IsPruned()) throw new DataException(folder, $"is a {run.Kind.Name()} run", "Start from an original, w, wn or wgn run");
        if (!File.Exists(Path.Combine(folder, "metrics.json"))) throw new DataException(folder, "is not a finished run (no metrics.json)", "Let it finish, or start from another run");
        var vocabulary = run.LoadVocabulary();
        if (!vocabulary.Words.SequenceEqual(task.Vocabulary.Words))
            throw new DataException(TrainedRun.VocabularyPathIn(folder), "differs from this run's vocabulary", fix);

        using var source = run.LoadModel(vocabulary.Count);   // the Original's best validation epoch; the other models' last
        Dictionary<string, Tensor> weights;
        using (no_grad()) weights = TrainedWeights.Of(source);
        LoadAndDispose(task, weights, folder, fix);
        return new RunStart(InitFrom: folder, InitModel: run.Kind.Name(), InitEpochs: run.State.Epoch);
    }

    private static RunStart FromPyTorch(string file, IExperimentTask task)
    {
        LoadAndDispose(task, PyTorchWeights.Read(file), file, "Save the dense model of this task's shapes (see the README: PyTorch weights)");
        return new RunStart(InitFrom: file, InitModel: "pytorch");
    }

    /// <summary>Starts the task's model from <paramref name="weights"/>, then frees them; a mismatch names <paramref name="source"/>.</summary>
    private static void LoadAndDispose(IExperimentTask task, Dictionary<string, Tensor> weights, string source, string fix)
    {
        try
        {
            TrainedWeights.Load(task.Model.Module, weights);
        }
        catch (ArgumentException e)
        {
            throw new DataException(source, e.Message, fix);
        }
        finally
        {
            foreach (var tensor in weights.Values) tensor.Dispose();
        }
    }

    private static int FromVectors(string file, ExperimentConfig config, IExperimentTask task)
    {
        if (!config.IsClassification) throw new DataException(file, $"{config.Task} has no embedding to start from vectors", "Use --embeddings with imdb or agnews");
        var words = task.Vocabulary.Words;
        var vectors = WordVectors.Read(file, words.Concat(words.Select(w => w.ToLowerInvariant())).ToHashSet());
        if (vectors.Width != config.Model.EmbeddingDim)
            throw new DataException(file, $"holds vectors of width {vectors.Width}; the embedding is {config.Model.EmbeddingDim} wide",
                "Use vectors of the embedding's width, or set model.embedding_dim in the config");
        using var _ = no_grad();
        var weights = TrainedWeights.Of(task.Model.Module);
        try
        {
            var table = weights[ModelLayers.Key(ModelLayers.Embedding, "weight")];
            var values = table.to(ScalarType.Float32).cpu().data<float>().ToArray();
            int matched = 0, width = vectors.Width;
            for (int row = 0; row < words.Count; row++)
            {
                if (!vectors.Vectors.TryGetValue(words[row], out var vector) && !vectors.Vectors.TryGetValue(words[row].ToLowerInvariant(), out vector)) continue;
                vector.CopyTo(values, row * width);
                matched++;
            }
            using var filled = tensor(values, table.shape, dtype: table.dtype, device: table.device);
            TrainedWeights.Load(task.Model.Module, new Dictionary<string, Tensor> { [ModelLayers.Key(ModelLayers.Embedding, "weight")] = filled },
                layers: new HashSet<string> { ModelLayers.Embedding });
            return matched;
        }
        finally
        {
            foreach (var tensor in weights.Values) tensor.Dispose();
        }
    }
}
