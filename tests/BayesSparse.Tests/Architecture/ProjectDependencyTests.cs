using System.Reflection;
using System.Text.Json;
using BayesSparse.Inference;
using NUnit.Framework;

namespace BayesSparse.Tests.Architecture;

/// <summary>
/// The projects depend one way: CLI -> experiments -> library -> runtime, and CLI -> ONNX -> runtime. The compressed-model runtime
/// (<c>BayesSparse.Inference</c>) needs neither TorchSharp nor libtorch, directly or transitively (a service that
/// only runs a compressed model does not pull ~800 MB of native libraries), and the library needs nothing of the
/// experiments (their runner, data readers, CSV, figures).
/// </summary>
[TestFixture]
public sealed class ProjectDependencyTests
{
    /// <summary>The names of <paramref name="assembly"/> and every assembly it references, transitively.</summary>
    private static HashSet<string> Closure(Assembly assembly)
    {
        var seen = new HashSet<string>();
        var pending = new Queue<AssemblyName>([assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!)) continue;
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies()) pending.Enqueue(reference);
        }
        return seen;
    }

    private static bool IsTorch(string name) =>
        name.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase);

    [Test]
    public void Should_ReferenceNoTorchAssembly_When_TheRuntimeIsLoaded()
    {
        // Given the runtime assembly and every assembly it references, followed transitively
        var seen = Closure(typeof(CompressedModel).Assembly);

        // Then none of them is TorchSharp
        Assert.That(seen, Does.Contain("BayesSparse.Inference"));
        Assert.That(seen.Where(IsTorch), Is.Empty);
    }

    [Test]
    public void Should_ReferenceNoTorchAssembly_When_TheOnnxExportIsLoaded()
    {
        // Given the ONNX export and runner and every assembly they reference, followed transitively
        var seen = Closure(typeof(BayesSparse.Onnx.OnnxExport).Assembly);

        // Then they build on the runtime and ONNX Runtime, and none of them is TorchSharp
        Assert.That(seen, Does.Contain("BayesSparse.Inference").And.Contain("Microsoft.ML.OnnxRuntime"));
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

    [Test]
    public void Should_NeedNothingOfTheExperiments_When_TheLibraryIsLoaded()
    {
        // Given the library assembly and everything it references, transitively
        var seen = Closure(typeof(BayesSparse.NN.LinearSVD).Assembly);

        // Then it holds TorchSharp and the runtime, and none of the experiments' project or packages
        Assert.That(seen, Is.SupersetOf(new[] { "BayesSparse", "BayesSparse.Inference", "TorchSharp" }));
        Assert.That(seen.Intersect(["BayesSparse.Experiments", "BayesSparse.Cli", "CsvHelper", "ScottPlot", "MathNet.Numerics", "SharpCompress", "Spectre.Console"]), Is.Empty);
    }
}
