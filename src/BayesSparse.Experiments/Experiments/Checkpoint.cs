using System.Text.Json;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Models;
using TorchSharp;
using TorchSharp.Modules;

namespace BayesSparse.Experiments;

/// <summary>
/// A run's checkpoint folder: <c>model.bin</c> (state dict), <c>optimizer.bin</c>, <c>state.json</c>. Written
/// into a temporary folder and swapped in by rename, so an interruption leaves the previous checkpoint whole.
/// </summary>
public static class Checkpoint
{
    /// <summary>Saves atomically to <paramref name="folder"/>.</summary>
    public static void Save(string folder, torch.nn.Module model, OptimizerHelper optimizer, RunState state)
    {
        var temporary = folder + ".tmp";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        model.save(Path.Combine(temporary, "model.bin"));
        optimizer.save_state_dict(Path.Combine(temporary, "optimizer.bin"));
        File.WriteAllText(Path.Combine(temporary, "state.json"), JsonSerializer.Serialize(state, ExperimentConfig.Json));
        var old = folder + ".old";
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        if (Directory.Exists(folder)) Directory.Move(folder, old);
        Directory.Move(temporary, folder);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// Finishes or rolls back a swap that a hard kill interrupted, so that <paramref name="folder"/> holds the
    /// newest complete checkpoint: <see cref="Save"/> writes the new checkpoint completely into <c>.tmp</c> before
    /// it moves the old one to <c>.old</c>, so with the folder gone the <c>.tmp</c> beside an <c>.old</c> is whole;
    /// a lone <c>.tmp</c> (killed while writing) is discarded. Returns whether a checkpoint is there.
    /// </summary>
    public static bool Recover(string folder)
    {
        string temporary = folder + ".tmp", old = folder + ".old";
        if (!Directory.Exists(folder) && Directory.Exists(old))
            Directory.Move(Directory.Exists(temporary) ? temporary : old, folder);
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        return Directory.Exists(folder);
    }

    /// <summary>Reads <c>state.json</c>; a damaged checkpoint is a <see cref="DataException"/>.</summary>
    public static RunState ReadState(string folder)
    {
        var path = Path.Combine(folder, "state.json");
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllText(path), ExperimentConfig.Json) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new DataException(path, $"is not a readable checkpoint state ({e.Message.TrimEnd('.')})", "Delete the checkpoint folder to start over, or restore it");
        }
    }

    /// <summary>The state and the model kind it names; an unknown kind is a <see cref="DataException"/>.</summary>
    public static (RunState State, ModelKind Kind) ReadStateAndKind(string folder)
    {
        var state = ReadState(folder);
        try
        {
            return (state, ModelKindExtensions.ParseModelKind(state.Model));
        }
        catch (ArgumentException)
        {
            throw new DataException(Path.Combine(folder, "state.json"), $"names an unknown model '{state.Model}'", "Restore the checkpoint");
        }
    }

    /// <summary>Loads weights (and optimiser state when given) from <paramref name="folder"/>.</summary>
    public static void Load(string folder, torch.nn.Module model, OptimizerHelper? optimizer)
    {
        var modelPath = Path.Combine(folder, "model.bin");
        Guarded(modelPath, "Check --task, --model and the config, or delete the checkpoint to start over", () =>
        {
            model.load(modelPath);
            optimizer?.load_state_dict(Path.Combine(folder, "optimizer.bin"));
        });
    }

    /// <summary>Loads saved weights from <paramref name="path"/>; a file that does not fit the model is a <see cref="DataException"/> with <paramref name="fix"/>.</summary>
    public static void LoadWeights(string path, torch.nn.Module model, string fix) => Guarded(path, fix, () => model.load(path));

    private static void Guarded(string path, string fix, Action load)
    {
        try
        {
            load();
        }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, $"cannot be loaded into this model ({e.Message.Split('\n')[0].TrimEnd('.')}); it is corrupt or of another task, model or size", fix);
        }
    }
}
