using System.CommandLine;
using BayesSparse.Data;

namespace BayesSparse.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    /// <summary><c>--agnews-standin</c>: allow AGNews' stand-in protocol when train.csv is absent.</summary>
    public static Option<bool> AgNewsStandIn() => new("--agnews-standin")
    {
        Description = "AGNews without train.csv: train on a stratified 75% of the test split, evaluate on the rest (every output says so)",
    };

    /// <summary><c>--data-dir</c>: where the data sets live.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Data folder (default: ${DataDirectory.EnvironmentVariable}, else ./data)",
    };
}
