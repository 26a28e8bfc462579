using System.CommandLine;
using BayesSparse.Experiments;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse export RUN_DIR --out FILE(.pt|.pth|.bin|.safetensors)</c>: a trained run as the dense model's PyTorch state dict.</summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train' (original, w, wn or wgn)" };
        var output = CommonOptions.OutputFile("--out", "The state dict: safetensors when it ends in .safetensors, else torch.save's format",
            ".pt", ".pth", ".bin", ".safetensors");
        output.Required = true;
        var command = new Command("export",
            "A run's eval weights as the dense model's PyTorch state dict: the original shapes, z folded in, removed weights, neurons and gates as zeros.")
            { runDir, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output)!;
            var summary = RunPyTorchExport.Save(TrainedRun.Open(parse.GetValue(runDir)!), path);
            AnsiConsole.MarkupLine($"{summary.Nonzero:N0} of {summary.Weights:N0} weights nonzero -> {Markup.Escape(path)} ({new FileInfo(path).Length / 1e6:F1} MB)");
            return 0;
        });
        return command;
    }
}
