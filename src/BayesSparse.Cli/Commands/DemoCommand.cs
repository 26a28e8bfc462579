using System.CommandLine;
using BayesSparse.Cli.Rendering;
using BayesSparse.Experiments;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>bayes-sparse demo</c>: fits SparseVD on small built-in data and prints the sparsity report.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command with its options.</summary>
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Full-batch Adam steps", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("demo",
            "Fit a SparseVD linear regression (80 examples, 100 inputs, 5 informative) and print what it keeps.") { steps, seed };
        command.SetAction(parse =>
        {
            var settings = new SparseRegressionDemo.Settings(Steps: parse.GetValue(steps), Seed: parse.GetValue(seed));
            if (settings.Steps < 1) throw new ArgumentException($"--steps must be at least 1, got {settings.Steps}");
            SparseRegressionDemo.Result result = null!;
            AnsiConsole.Progress().Start(context =>
            {
                var task = context.AddTask("SparseVD fit", maxValue: settings.Steps);
                result = SparseRegressionDemo.Run(settings, (_, _) => task.Increment(1));
            });
            AnsiConsole.Write(SparsityTable.Render(result.Report));
            AnsiConsole.MarkupLine(
                $"Kept inputs: [bold]{string.Join(", ", result.KeptInputs)}[/] (informative: 0-{settings.Informative - 1}); " +
                $"train RMSE {result.TrainRmse:F3}; final loss {result.FinalLoss:F4}");
            return 0;
        });
        return command;
    }
}
