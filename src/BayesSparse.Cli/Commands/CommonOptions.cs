using System.CommandLine;
using BayesSparse.Data;

namespace BayesSparse.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    /// <summary><c>--data-dir</c>: where the data sets live.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Data folder (default: ${DataDirectory.EnvironmentVariable}, else ./data)",
    };
}
