using System.CommandLine;
using BayesSparse.Cli.Commands;
using BayesSparse.Cli.Commands.Analyze;
using BayesSparse.Cli.Commands.Bench;

namespace BayesSparse.Cli;

/// <summary>The <c>bayes-sparse</c> command tree, built once by the program and by the tests that drive it.</summary>
public static class CliApp
{
    /// <summary>Every command of the tool.</summary>
    public static RootCommand CreateRoot() => Examples.Apply(
        new("BayesSparse: Bayesian sparsification (SparseVD) of gated recurrent networks.")
        {
            DemoCommand.Create(),
            BenchCommand.Create(),
            DataCommand.Create(),
            TrainCommand.Create(),
            ReproduceCommand.Create(),
            EvaluateCommand.Create(),
            CompressCommand.Create(),
            ExportCommand.Create(),
            CompareCommand.Create(),
            StatusCommand.Create(),
            AnalyzeCommand.Create(),
            PredictCommand.Create(),
        });

    /// <summary>Parses and runs <paramref name="args"/>; 0 on success, <see cref="CommandRunner.UsageError"/> on bad input.</summary>
    public static int Run(string[] args) => CommandRunner.Invoke(CreateRoot(), args);
}
