using BayesSparse.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Data;

/// <summary>The repository's slices, and the full data when BAYESSPARSE_DATA points at it (CI: ../shared/data).</summary>
internal static class DataFolders
{
    public static DataDirectory Slices =>
        DataDirectory.FindSlices(TestContext.CurrentContext.TestDirectory) ?? throw new InvalidOperationException("data-slices/ not found above the test folder");

    public static DataDirectory Full
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
            if (string.IsNullOrEmpty(path) || !Directory.Exists(Path.Combine(path, "ptb")))
                Assert.Ignore("full data not available: set BAYESSPARSE_DATA (CI points it at ../shared/data)");
            return new DataDirectory(path!, DataDirectory.EnvironmentVariable);
        }
    }

    /// <summary>A fresh empty folder for a test's own files.</summary>
    public static string Scratch()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
