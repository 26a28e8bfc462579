using BayesSparse.Platform;
using NUnit.Framework;

namespace BayesSparse.Tests;

/// <summary>Runs once before any test: the same platform settings the CLI applies at start-up.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public void ApplyPlatformSettings()
    {
        MallocTuning.Apply();
        MklCpuDispatch.Apply();
    }
}
