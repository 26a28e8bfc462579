using System.CommandLine;
using System.Globalization;
using BayesSparse.Cli.Rendering;
using BayesSparse.Data;
using BayesSparse.Experiments;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse evaluate RUN_DIR</c>: quality and sparsity of a trained run's checkpoint.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train' (config.json + checkpoint/)" };
        var figure = CommonOptions.OutputFile("--figure", "Also save the gate figure (PNG) here", ".png");
        var device = CommonOptions.Device();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("evaluate", "Evaluate a trained run on its valid and test splits.") { runDir, figure, device, dataDir };
        command.SetAction(parse =>
        {
            var data = DataDirectory.Resolve(parse.GetValue(dataDir));
            var result = RunEvaluation.Evaluate(parse.GetValue(runDir)!, data, RunOptions.Device(parse.GetValue(device)!), parse.GetValue(figure));
            AnsiConsole.Write(SparsityTable.Render(result.Report));
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Task}/{result.Model}: {result.QualityName} valid {result.Valid:F3}, test {result.Test:F3}; neurons {result.Report.InputNeurons}-{result.Report.HiddenNeurons}, non-constant gates {result.Report.Gates}"));
            return 0;
        });
        return command;
    }
}
