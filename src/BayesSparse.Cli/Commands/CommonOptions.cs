using System.CommandLine;
using System.Globalization;
using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Platform;

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

    /// <summary><c>--profile</c>: one of the shipped config profiles, refused while parsing when it is not.</summary>
    public static Option<string> Profile(string description = "paper, cpu or smoke")
    {
        var option = new Option<string>("--profile") { Description = description, DefaultValueFactory = _ => "cpu" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && !ExperimentConfig.Profiles.Contains(name))
                result.AddError($"unknown profile '{name}': use {string.Join(", ", ExperimentConfig.Profiles)}");
        });
        return option;
    }

    /// <summary><c>--epochs</c>: the epochs a run trains to instead of its config's, at least 1.</summary>
    public static Option<int?> Epochs(string description)
    {
        var option = new Option<int?>("--epochs") { Description = description };
        option.Validators.Add(result =>
        {
            // Read from the token: a value that is not a number has its own parse error, and no value to get.
            if (result.Tokens is [{ Value: var value }] && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int epochs) && epochs < 1)
                result.AddError("--epochs must be at least 1");
        });
        return option;
    }

    /// <summary>
    /// An optional decimal option. System.CommandLine reads a double with thousands separators, so "0,9" would be 9: a
    /// comma is refused while parsing (the message is <see cref="CommandRunner"/>'s for any value that is not a number).
    /// </summary>
    public static Option<double?> Decimal(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && value.Contains(','))
                result.AddError($"{name}: '{value}' is not a number");
        });
        return option;
    }

    /// <summary><c>--device</c>: cpu, cuda or cuda:N, refused while parsing when it is none of those (whether it is here is the run's check).</summary>
    public static Option<string> Device()
    {
        var option = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        option.Validators.Add(result =>
        {
            try
            {
                DeviceSelector.Normalize(result.GetValueOrDefault<string>() ?? "");
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary><c>--csv</c>: the file a command writes its rows to.</summary>
    public static Option<string?> Csv() => OutputFile("--csv", "Write the rows to this CSV file", ".csv");

    /// <summary>The first of <paramref name="folders"/> that is not a folder is a <see cref="DataException"/> with <paramref name="fix"/>.</summary>
    public static void RequireFolders(IEnumerable<string> folders, string fix)
    {
        foreach (var folder in folders) DataException.RequireFolder(folder, fix);
    }

    /// <summary>
    /// An option naming a file the command writes: refused while parsing (exit code 2, before any work) when the path
    /// is a folder, when its name ends in none of <paramref name="endings"/> (if any are given: the ending picks the
    /// format, so "model.txt" would hold a format its name hides), or when the folder it would go in does not exist,
    /// so a long benchmark or export does not fail at its last step.
    /// </summary>
    public static Option<string?> OutputFile(string name, string description, params string[] endings)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } path) return;
            if (Directory.Exists(path)) result.AddError($"{name}: {path} is a folder; pass a file name in it");
            else if (endings.Length > 0 && !endings.Any(ending => path.EndsWith(ending, StringComparison.OrdinalIgnoreCase)))
                result.AddError($"{name}: {path} must end in {(endings.Length == 1 ? endings[0] : $"{string.Join(", ", endings[..^1])} or {endings[^1]}")}");
            else if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
                result.AddError($"{name}: the folder {folder} does not exist");
        });
        return option;
    }
}
