using System.CommandLine;
using System.Globalization;

namespace BayesSparse.Cli.Commands.Bench;

/// <summary><c>bayes-sparse bench</c>: speed measurements that write CSV (never timed tests), one sub-command per file here.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command and its sub-commands.</summary>
    public static Command Create() => new("bench", "Benchmarks that write CSV.")
    {
        TrainStepBench.Create(), DataBench.Create(), InferenceBench.Create(), EpochProfileBench.Create(), CutMemoryBench.Create(),
        RecurrenceBench.Create(),
    };

    /// <summary>A table cell of one decimal.</summary>
    internal static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
