using System.CommandLine;
using System.Globalization;
using BayesSparse.Models;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse train</c>: one (task, model) run from its config.</summary>
public static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "imdb, agnews, ptb-char or ptb-word", Required = true };
        var model = new Option<string>("--model") { Description = "original, w, wn, wgn, prune-narang or prune-agp", Required = true };
        var targetSparsity = CommonOptions.Decimal("--target-sparsity", "prune-agp: final sparsity in [0, 1)");
        var profile = CommonOptions.Profile();
        var config = new Option<string?>("--config") { Description = "A config file instead of experiments/configs/<profile>/<task>.json" };
        var epochs = CommonOptions.Epochs("Override the config's epochs");
        var seed = new Option<long?>("--seed") { Description = "Override the config's seed" };
        var device = CommonOptions.Device();
        var output = new Option<string?>("--out") { Description = "Run folder (default runs/<profile>/<task>/<model>)" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the run folder's checkpoint" };
        var initFrom = new Option<string?>("--init-from")
            { Description = "Start from trained weights: a finished run folder of the same task and shapes (typically the Original), or a PyTorch (.pt) / safetensors state dict of the dense model" };
        var embeddings = new Option<string?>("--embeddings")
            { Description = "Start the embedding rows from word2vec (binary or text) or GloVe (text) vectors (imdb, agnews)" };
        var dataDir = CommonOptions.DataDir();
        var standIn = CommonOptions.AgNewsStandIn();
        var noCompaction = CommonOptions.NoCompaction();
        var compactFrom = new Option<int?>("--compact-from-epoch")
        {
            Description = "Compact (the config's rule) only from this epoch's end on; with --resume, turns compaction on in a run begun without it (an epoch after its checkpoint)",
        };
        var command = new Command("train", "Train one model of Table 1, checkpointing every epoch.")
            { task, model, targetSparsity, profile, config, epochs, seed, device, output, resume, initFrom, embeddings, dataDir, standIn, noCompaction, compactFrom };
        command.SetAction(parse =>
        {
            var kind = ModelKindExtensions.ParseModelKind(parse.GetValue(model)!);
            var cfg = RunOptions.Config(parse.GetValue(task)!, parse.GetValue(profile)!, parse.GetValue(config), parse.GetValue(seed), parse.GetValue(standIn),
                parse.GetValue(noCompaction), parse.GetValue(compactFrom));
            if (parse.GetValue(targetSparsity) is { } sparsity)
                cfg = (cfg with { Pruning = (cfg.Pruning ?? new BayesSparse.Pruning.PruningSection()) with { TargetSparsity = sparsity } }).Validate();
            if (parse.GetValue(initFrom) is not null || parse.GetValue(embeddings) is not null)
                cfg = cfg with { Start = new BayesSparse.Configuration.StartSection(parse.GetValue(initFrom), parse.GetValue(embeddings)) };
            var (data, _) = RunOptions.Data(parse.GetValue(dataDir), allowSlices: cfg.Profile == "smoke");
            var outDir = parse.GetValue(output) ?? Path.Combine("runs", cfg.Profile, cfg.Task, kind.Name());
            var metrics = RunOptions.RunOne(cfg, kind, data, outDir, RunOptions.Device(parse.GetValue(device)!), parse.GetValue(resume),
                parse.GetValue(epochs), RunOptions.CancelOnStopSignals());
            if (metrics is null) return 130;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[bold]{metrics.Task}/{metrics.Model}[/]: {metrics.QualityName} valid {metrics.Valid:F3}, test {metrics.Test:F3}, compression {metrics.Compression:F1}x, neurons {metrics.InputNeurons}-{metrics.HiddenNeurons}, gates {metrics.Gates} ({Markup.Escape(outDir)})"));
            return 0;
        });
        return command;
    }
}
