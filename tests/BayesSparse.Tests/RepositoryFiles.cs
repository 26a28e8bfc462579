using NUnit.Framework;

namespace BayesSparse.Tests;

/// <summary>Paths in the repository the tests run from (the folder holding BayesSparse.sln above the test folder).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository path of <paramref name="parts"/>; it need not exist.</summary>
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BayesSparse.sln"))) return System.IO.Path.Combine([dir.FullName, .. parts]);
        throw new DirectoryNotFoundException("BayesSparse.sln not found above the test folder");
    }
}
