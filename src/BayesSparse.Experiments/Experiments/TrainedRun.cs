using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.Text;

namespace BayesSparse.Experiments;

/// <summary>A finished or interrupted run folder written by <c>train</c>: its config and the checkpoint's state and model kind.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Config">Its <c>config.json</c>.</param>
/// <param name="State">The checkpoint's state.</param>
/// <param name="Kind">The checkpoint's model kind.</param>
public sealed record TrainedRun(string Folder, ExperimentConfig Config, RunState State, ModelKind Kind)
{
    /// <summary>The checkpoint folder.</summary>
    public string CheckpointFolder => Path.Combine(Folder, "checkpoint");

    /// <summary>
    /// The weights the run reports in <c>metrics.json</c>: <c>best.bin</c> where early stopping kept the best
    /// validation epoch (the Original), else the checkpoint's last epoch.
    /// </summary>
    public string ReportedWeights => File.Exists(Path.Combine(Folder, "best.bin")) ? Path.Combine(Folder, "best.bin")
        : Path.Combine(CheckpointFolder, "model.bin");

    /// <summary>The vocabulary file a run folder holds (written by <c>train</c>, read by whatever rebuilds its model).</summary>
    public static string VocabularyPathIn(string folder) => Path.Combine(folder, "vocabulary.json");

    /// <summary>The run's vocabulary (<see cref="VocabularyPathIn"/>).</summary>
    public Vocabulary LoadVocabulary() => Vocabulary.Load(VocabularyPathIn(Folder));

    /// <summary>
    /// The run's model (the classifier or language model its config and kind build, for <paramref name="vocabularySize"/>
    /// words) with <see cref="ReportedWeights"/> loaded, in eval mode. The caller disposes it.
    /// </summary>
    /// <exception cref="DataException">The weights cannot be loaded into the model.</exception>
    public TorchSharp.torch.nn.Module LoadModel(int vocabularySize)
    {
        TorchSharp.torch.nn.Module model = Config.IsClassification
            ? ClassificationExperiment.BuildModel(Config, Kind, vocabularySize)
            : LanguageModelExperiment.BuildModel(Config, Kind, vocabularySize);
        LoadReportedWeights(model);
        model.eval();
        return model;
    }

    /// <summary>Loads <see cref="ReportedWeights"/> into <paramref name="model"/>, built for this run's config and kind.</summary>
    /// <exception cref="DataException">The file cannot be loaded into the model.</exception>
    public void LoadReportedWeights(TorchSharp.torch.nn.Module model)
    {
        if (!File.Exists(Path.Combine(Folder, "best.bin"))) Structure.ModelStructure.Restore(model, State.Live); // a compacted run's shapes
        Checkpoint.LoadWeights(ReportedWeights, model, "Pass an intact run folder written by 'bayes-sparse train'");
    }

    /// <summary>Opens <paramref name="folder"/>; a folder without a checkpoint is a <see cref="DataException"/>.</summary>
    public static TrainedRun Open(string folder)
    {
        DataException.RequireFolder(folder, "Pass a run folder written by 'bayes-sparse train'");
        var checkpoint = Path.Combine(folder, "checkpoint");
        if (!Directory.Exists(checkpoint))
            throw new DataException(checkpoint, "not found", "Pass a run folder written by 'bayes-sparse train' (it holds config.json and checkpoint/)");
        var config = ExperimentConfig.Load(Path.Combine(folder, "config.json"));
        var (state, kind) = Checkpoint.ReadStateAndKind(checkpoint);
        return new TrainedRun(folder, config, state, kind);
    }
}
