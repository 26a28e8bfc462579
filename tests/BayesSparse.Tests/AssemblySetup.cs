using BayesSparse.Platform;
using NUnit.Framework;

namespace BayesSparse.Tests;

/// <summary>Runs once before any test: the same malloc tuning the CLI applies at start-up.</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeSetUp]
    public void TuneMalloc() => MallocTuning.Apply();
}
