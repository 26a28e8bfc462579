namespace BayesSparse.Data;

/// <summary>Where the data sets live: <c>--data-dir</c>, else <c>BAYESSPARSE_DATA</c>, else <c>./data</c>.</summary>
/// <param name="Path">Absolute folder path.</param>
/// <param name="Source">How it was chosen (option, environment or default), for messages.</param>
public sealed record DataDirectory(string Path, string Source)
{
    /// <summary>The environment variable consulted when no option is given.</summary>
    public const string EnvironmentVariable = "BAYESSPARSE_DATA";

    /// <summary>The data folder shipped in the repository with small real slices of every data set.</summary>
    public const string SlicesFolder = "data-slices";

    /// <summary>Resolves the folder; it need not exist yet.</summary>
    public static DataDirectory Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return new(System.IO.Path.GetFullPath(option), "--data-dir");
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return new(System.IO.Path.GetFullPath(fromEnvironment), EnvironmentVariable);
        return new(System.IO.Path.GetFullPath("data"), "default ./data");
    }

    /// <summary>The repository's slices folder, searched upwards from <paramref name="start"/>; null if absent.</summary>
    public static DataDirectory? FindSlices(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, SlicesFolder);
            if (Directory.Exists(candidate)) return new(candidate, "repository slices");
        }
        return null;
    }

    /// <summary>Whether the folder exists.</summary>
    public bool Exists => Directory.Exists(Path);

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
}
