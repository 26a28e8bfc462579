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

    /// <summary><c>--no-compaction</c>: train on the full tensors, whatever the config's <c>training.compact_after</c>.</summary>
    public static Option<bool> NoCompaction() => new("--no-compaction")
    {
        Description = "Keep structure the posterior removed in the tensors (the imdb and ptb-word cpu profiles cut it: training.compact_after)",
    };

    /// <summary><c>--data-dir</c>: where the data sets live.</summary>
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Data folder (default: ${DataDirectory.EnvironmentVariable}, else ./data)",
    };

    /// <summary><c>--csv</c>: the file a command writes its rows to.</summary>
    public static Option<string?> Csv() => OutputFile("--csv", "Write the rows to this CSV file");

    /// <summary>The first of <paramref name="folders"/> that does not exist is a <see cref="DataException"/> with <paramref name="fix"/>.</summary>
    public static void RequireFolders(IEnumerable<string> folders, string fix)
    {
        if (folders.FirstOrDefault(f => !Directory.Exists(f)) is { } missing) throw new DataException(missing, "does not exist", fix);
    }

    /// <summary>
    /// An option naming a file the command writes: refused while parsing (exit code 2, before any work) when the
    /// folder it would go in does not exist, so a long benchmark or export does not fail at its last step.
    /// </summary>
    public static Option<string?> OutputFile(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
                result.AddError($"{name}: the folder {folder} does not exist");
        });
        return option;
    }
}
