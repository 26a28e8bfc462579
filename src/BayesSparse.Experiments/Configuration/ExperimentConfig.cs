using System.Text.Json;
using System.Text.Json.Serialization;
using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Pruning;

namespace BayesSparse.Configuration;

/// <summary>
/// One experiment's settings, bound from a JSON file under <c>experiments/configs/&lt;profile&gt;/&lt;task&gt;.json</c>
/// (snake_case keys; an unknown key is an error). The model (original, w, wn, wgn) is chosen per run.
/// </summary>
/// <param name="Task">imdb, agnews, ptb-char or ptb-word.</param>
/// <param name="Profile">paper, cpu or smoke.</param>
/// <param name="Data">Batching.</param>
/// <param name="Model">Sizes and noise mode.</param>
/// <param name="Training">Optimisation.</param>
/// <param name="Seed">Seed of initialisation, sampling and data order.</param>
/// <param name="Notes">The paper's number and the exact command, for people.</param>
/// <param name="Pruning">Schedules of the pruning baselines (defaults when absent).</param>
/// <param name="Start">Where the weights start (a cold start when absent).</param>
public sealed record ExperimentConfig(string Task, string Profile, DataSection Data, ModelSection Model,
    TrainingSection Training, long Seed = 1, string? Notes = null, PruningSection? Pruning = null, StartSection? Start = null)
{
    /// <summary>The profiles shipped in experiments/configs.</summary>
    public static readonly string[] Profiles = ["paper", "cpu", "smoke"];

    /// <summary>
    /// Serializer settings: snake_case, enums as strings, unknown keys rejected, and the compression of a model with no
    /// weight left written as "Infinity" (a number JSON has no literal for).
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>Whether the task is a classifier (else a language model).</summary>
    public bool IsClassification => PaperTask.Of(Task).IsClassification;

    /// <summary>Whether the task is the word-level language model (PTB word: state carried, perplexity).</summary>
    [JsonIgnore]
    public bool IsWordLevel => PaperTask.Of(Task).Kind == TaskKind.WordLanguageModel;

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="DataException">Missing file, bad JSON, unknown key or impossible value (one line).</exception>
    public static ExperimentConfig Load(string path)
    {
        if (!File.Exists(path)) throw new DataException(path, "config not found", "Pick a file under experiments/configs/<profile>/<task>.json");
        try
        {
            var config = JsonSerializer.Deserialize<ExperimentConfig>(File.ReadAllText(path), Json)
                         ?? throw new JsonException("empty document");
            return config.Validate();
        }
        catch (JsonException e)
        {
            throw new DataException(path, $"is not a valid config ({e.Message.Split(". Path")[0].TrimEnd('.')}{(e.Path is null ? "" : $" at {e.Path}")})", "Compare it with the shipped configs");
        }
        catch (ArgumentException e)
        {
            throw new DataException(path, e.Message.Split(" (Parameter")[0], "Fix the value; see experiments/configs for valid settings");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for impossible values.</summary>
    public ExperimentConfig Validate()
    {
        PaperTask.Of(Task);
        if (Data is null || Model is null || Training is null) throw new ArgumentException("sections data, model and training are required");
        Positive(Data.BatchSize, "data.batch_size");
        Positive(Data.Steps, "data.steps");
        if (Data.MaxBatchesPerEpoch is { } max) Positive(max, "data.max_batches_per_epoch");
        Positive(Model.HiddenSize, "model.hidden_size");
        if (IsClassification) Positive(Model.EmbeddingDim, "model.embedding_dim");
        if (!(Model.EmbeddingInitStd > 0) || double.IsInfinity(Model.EmbeddingInitStd))
            throw new ArgumentException($"model.embedding_init_std must be a positive number, got {Model.EmbeddingInitStd}");
        Model.SparseVD();
        if (!Enum.IsDefined(Model.GateActivation))
            throw new ArgumentException($"model.gate_activation must be sigmoid or hard_sigmoid, got {Model.GateActivation}");
        Positive(Training.Epochs, "training.epochs");
        if (!(Training.LearningRate > 0)) throw new ArgumentException($"training.learning_rate must be positive, got {Training.LearningRate}");
        if (Training.Clip is { } clip && !(clip > 0)) throw new ArgumentException($"training.clip must be positive or null, got {clip}");
        if (Training.KlWarmupSteps < 0) throw new ArgumentException("training.kl_warmup_steps must be at least 0");
        foreach (var w in Training.KlWeights ?? [])
            if (!(w >= 0) || double.IsInfinity(w)) throw new ArgumentException($"training.kl_weights must be finite and non-negative, got {w}");
        Positive(Training.Patience, "training.patience");
        if (Training.CompactAfter is { } k) Positive(k, "training.compact_after");
        if (Training.CompactAfterByGroup is { Count: > 0 } byGroup)
        {
            if (Training.CompactAfter is null) throw new ArgumentException("training.compact_after_by_group needs training.compact_after");
            foreach (var (group, epochs) in byGroup) Positive(epochs, $"training.compact_after_by_group.{group}");
        }
        if (Training.CompactWindowByGroup is { Count: > 0 } windows)
        {
            if (Training.CompactAfter is null) throw new ArgumentException("training.compact_window_by_group needs training.compact_after");
            foreach (var (group, window) in windows)
            {
                int groupK = Training.CompactAfterOf(group);
                if (window < groupK || window > Structure.StructureCompaction.MaxWindow)
                    throw new ArgumentException($"training.compact_window_by_group.{group} must be from its K ({groupK}) to {Structure.StructureCompaction.MaxWindow}, got {window}");
            }
        }
        if (Training.TestEvery is { } every) Positive(every, "training.test_every");
        if (Training.CompactFromEpoch is { } from)
        {
            if (Training.CompactAfter is null) throw new ArgumentException("training.compact_from_epoch needs training.compact_after");
            Positive(from, "training.compact_from_epoch");
        }
        if (Pruning is { } p && !(0 <= p.StartFraction && p.StartFraction <= p.RampFraction && p.RampFraction < p.EndFraction && p.EndFraction <= 1))
            throw new ArgumentException("pruning fractions need 0 <= start <= ramp < end <= 1");
        if (Pruning is { } q && !(q.TargetSparsity >= 0 && q.TargetSparsity < 1)) throw new ArgumentException("pruning.target_sparsity must be in [0, 1)");
        return this;
    }

    private static void Positive(long value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1, got {value}");
    }
}

/// <summary>The <c>data</c> section.</summary>
/// <param name="BatchSize">Sequences per batch.</param>
/// <param name="Steps">Sequence length (classifiers: maximum tokens; LMs: BPTT / sequence length).</param>
/// <param name="MaxBatchesPerEpoch">Cap on training batches per epoch (cpu and smoke budgets); null = all.</param>
/// <param name="AgNewsStandIn">Allow the AGNews stand-in protocol when train.csv is absent.</param>
public sealed record DataSection(int BatchSize, int Steps, int? MaxBatchesPerEpoch = null, bool AgNewsStandIn = false);

/// <summary>The <c>model</c> section.</summary>
/// <param name="HiddenSize">LSTM width.</param>
/// <param name="EmbeddingDim">Embedding width (classifiers).</param>
/// <param name="Noise">Training-mode sampling of the SparseVD LSTM.</param>
/// <param name="EmbeddingInitStd">Standard deviation of the embedding's normal initial means (classifiers; 1 is
/// torch.nn.Embedding's default).</param>
/// <param name="TrainedLogAlpha">Initial log alpha of SparseVD weights started from trained values (a warm start).</param>
/// <param name="GateActivation">The LSTM's i, f and o gate nonlinearity: <c>sigmoid</c> (PyTorch's) or <c>hard_sigmoid</c>
/// (the authors').</param>
public sealed record ModelSection(long HiddenSize, long EmbeddingDim = 300, RecurrentNoise Noise = RecurrentNoise.Faithful,
    double EmbeddingInitStd = 1.0, double TrainedLogAlpha = -4.0, GateActivation GateActivation = GateActivation.Sigmoid)
{
    /// <summary>The SparseVD options of the run's layers.</summary>
    public SparseVDOptions SparseVD() => new SparseVDOptions(TrainedLogAlpha: TrainedLogAlpha).Validate();
}

/// <summary>The <c>training</c> section.</summary>
/// <param name="Epochs">Epochs (SparseVD models run them all; the Original stops early).</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Clip">Gradient-norm clip, or null.</param>
/// <param name="KlWarmupSteps">Linear KL warm-up in optimiser steps (0 = off, the paper).</param>
/// <param name="Patience">Epochs without validation improvement before the Original stops.</param>
/// <param name="KlWeights">The KL's weight in the run's epochs 1, 2, ... (SparseVD models; 1 after the list ends, and
/// throughout when null, the ELBO); for example <c>[4, 4]</c> weighs the KL four times for two epochs.</param>
/// <param name="CompactAfter">Cut structure out of the tensors once eval has not used it for this many epochs in a row
/// (SparseVD models; <c>Structure.StructureCompaction</c>); null = never.</param>
/// <param name="CompactAfterByGroup">Another K for some groups, keyed <c>layer.group</c> (<c>{"lstm.input": 20}</c>);
/// needs <paramref name="CompactAfter"/>.</param>
/// <param name="CompactWindowByGroup">A window W for some groups, keyed like <paramref name="CompactAfterByGroup"/>: an
/// entry of such a group is cut once eval has not used it at K of its last W epochs (entries that flicker back into use
/// now and then); needs <paramref name="CompactAfter"/>.</param>
/// <param name="CompactFromEpoch">The first epoch whose end reads and cuts structure (null = 1): a run begun uncut can
/// turn compaction on from a later epoch (<c>train --resume --compact-from-epoch</c>); needs <paramref name="CompactAfter"/>.</param>
/// <param name="TestEvery">Also evaluate the test split at every epoch divisible by this into <c>epochs.csv</c>'s
/// <c>test_quality</c>, as the authors' logs do (null = the test only at the end). Evaluation draws no random numbers,
/// so it leaves training as it was.</param>
public sealed record TrainingSection(int Epochs, double LearningRate, double? Clip = null, long KlWarmupSteps = 0, int Patience = 5,
    double[]? KlWeights = null, int? CompactAfter = null, Dictionary<string, int>? CompactAfterByGroup = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? CompactFromEpoch = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, int>? CompactWindowByGroup = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TestEvery = null)
{
    /// <summary>This section with compaction off (<c>train --no-compaction</c>).</summary>
    public TrainingSection WithoutCompaction() =>
        this with { CompactAfter = null, CompactAfterByGroup = null, CompactFromEpoch = null, CompactWindowByGroup = null };

    /// <summary>K of <paramref name="group"/> (<c>lstm.input</c>): its own, else <see cref="CompactAfter"/>; needs compaction on.</summary>
    public int CompactAfterOf(string group) =>
        CompactAfterByGroup is not null && CompactAfterByGroup.TryGetValue(group, out int k) ? k
            : CompactAfter ?? throw new InvalidOperationException("compaction is off");

    /// <summary>The compaction rule in words, equal for equal rules: "off", "after 10 (lstm.hidden 20)", "after 10
    /// (lstm.input 20 of 30)" (a window), or "after 10 from epoch 23".</summary>
    public string CompactionRule()
    {
        if (CompactAfter is not { } k) return "off";
        var windows = CompactWindowByGroup ?? [];
        var groups = (CompactAfterByGroup ?? []).Keys.Union(windows.Keys).Order(StringComparer.Ordinal)
            .Select(g => windows.TryGetValue(g, out int w) ? $"{g} {CompactAfterOf(g)} of {w}" : $"{g} {CompactAfterOf(g)}").ToList();
        var rule = groups.Count > 0 ? $"after {k} ({string.Join(", ", groups)})" : $"after {k}";
        return CompactFromEpoch is { } from ? $"{rule} from epoch {from}" : rule;
    }
}

/// <summary>The <c>start</c> section: a warm start instead of the model's own initialisation.</summary>
/// <param name="InitFrom">A finished run folder of the same task and shapes, or a PyTorch / safetensors state dict of
/// the dense model, whose trained weights start every layer (SparseVD layers take them as means, see
/// <c>VariationalTensor.ResetFromTrained</c>), or null.</param>
/// <param name="Embeddings">A word2vec (binary or text) or GloVe (text) file whose vectors start the embedding rows of
/// the words it has (applied after <paramref name="InitFrom"/>), or null.</param>
public sealed record StartSection(string? InitFrom = null, string? Embeddings = null);
