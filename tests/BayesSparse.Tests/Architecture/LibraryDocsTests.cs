using System.Text.RegularExpressions;
using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.Onnx;
using NUnit.Framework;

namespace BayesSparse.Tests.Architecture;

/// <summary>
/// <c>docs/library.md</c> names every public type of the three packages (the README says it does): a public type added
/// without a line there fails.
/// </summary>
[TestFixture]
public sealed class LibraryDocsTests
{
    [Test]
    public void Should_NameEveryPublicTypeOfThePackages_When_TheLibraryDocsAreRead()
    {
        // Given the library page and the top-level public types of BayesSparse, BayesSparse.Inference and BayesSparse.Onnx
        var docs = File.ReadAllText(RepositoryFiles.Path("docs", "library.md"));
        var types = new[] { typeof(LinearSVD), typeof(CompressedModel), typeof(OnnxExport) }
            .SelectMany(a => a.Assembly.GetExportedTypes()).Where(t => !t.IsNested)
            .Select(t => t.Name.Split('`')[0]).Distinct().ToList();

        // When each is looked for as a word in backticks (`Name`, `Name.Member` or `Name<...>`)
        var missing = types.Where(name => !Regex.IsMatch(docs, $"`{name}[`.<(]")).ToList();

        // Then none is missing
        Assert.That(types, Has.Count.GreaterThan(90));
        Assert.That(missing, Is.Empty);
    }
}
