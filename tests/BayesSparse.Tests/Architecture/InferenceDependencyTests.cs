using System.Reflection;
using System.Text.Json;
using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Architecture;

/// <summary>
/// The compressed-model runtime (<c>BayesSparse.Inference</c>) needs neither TorchSharp nor libtorch, directly or
/// transitively: a service that only runs a compressed model does not pull ~800 MB of native libraries.
/// </summary>
[TestFixture]
public sealed class InferenceDependencyTests
{
    private static bool IsTorch(string name) =>
        name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase);

    [Test]
    public void Should_ReferenceNoTorchAssembly_When_TheRuntimeIsLoaded()
    {
        // Given the runtime assembly and every assembly it references, followed transitively
        var seen = new HashSet<string>();
        var pending = new Queue<AssemblyName>([typeof(CompressedModel).Assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!)) continue;
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies()) pending.Enqueue(reference);
        }

        // Then none of them is TorchSharp
        Assert.That(seen, Does.Contain("BayesSparse.Inference"));
        Assert.That(seen.Where(IsTorch), Is.Empty);
    }

    [Test]
    public void Should_RestoreNoTorchPackage_When_TheRuntimeProjectIsRestored()
    {
        // Given the runtime project's restore graph (every package and project it depends on, transitively)
        var assets = RepositoryFiles.Path("src", "BayesSparse.Inference", "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToList();

        // Then it holds packages, and no TorchSharp or libtorch one
        Assert.That(libraries, Does.Contain("System.Numerics.Tensors"));
        Assert.That(libraries.Where(IsTorch), Is.Empty);
    }
}
