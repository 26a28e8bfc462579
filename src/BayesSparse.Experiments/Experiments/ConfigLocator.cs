using BayesSparse.Configuration;
using BayesSparse.Data;

namespace BayesSparse.Experiments;

/// <summary>Finds <c>experiments/configs/&lt;profile&gt;/&lt;task&gt;.json</c> from the working folder or the tool's folder upwards.</summary>
public static class ConfigLocator
{
    /// <summary>The config file for a task and profile.</summary>
    /// <exception cref="ArgumentException">Unknown task or profile.</exception>
    /// <exception cref="DataException">No configs folder found.</exception>
    public static string Find(string task, string profile)
    {
        PaperTask.Of(task);
        if (!ExperimentConfig.Profiles.Contains(profile)) throw new ArgumentException($"unknown profile '{profile}': use {string.Join(", ", ExperimentConfig.Profiles)}");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "experiments", "configs", profile, task + ".json");
                if (File.Exists(path)) return path;
            }
        throw new DataException(Path.Combine("experiments", "configs", profile, task + ".json"), "not found from the working folder upwards",
            "Run from the repository, or pass --config FILE");
    }
}
