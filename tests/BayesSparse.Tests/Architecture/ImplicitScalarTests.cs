using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NUnit.Framework;

namespace BayesSparse.Tests.Architecture;

/// <summary>
/// No number reaches libtorch as a Scalar that only a finalizer frees: TorchSharp 0.107 does not keep such a
/// Scalar alive until libtorch is done with it, and a garbage collection at the wrong moment crashed long runs.
/// The library's and the experiments' sources are compiled here with Roslyn and every implicit conversion to <c>Scalar</c> that is
/// not held (a <c>using</c> local, a field or a property), and every tensor operator with a plain number operand, is
/// reported with its file and line.
/// </summary>
[TestFixture]
public sealed class ImplicitScalarTests
{
    private static IEnumerable<MetadataReference> References()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(runtime, "*.dll").Concat(Directory.GetFiles(TestContext.CurrentContext.TestDirectory, "*.dll"))
            .Where(IsManaged).GroupBy(Path.GetFileName).Select(g => MetadataReference.CreateFromFile(g.First()));
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the converted Scalar is held until it is disposed: the initial value of a <c>using</c> local or a using
    /// statement's variable, or of a field or property (kept as long as its owner).
    /// </summary>
    private static bool Held(ExpressionSyntax node) => node.Parent is EqualsValueClauseSyntax clause && clause.Parent switch
    {
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: var owner } } => owner switch
        {
            LocalDeclarationStatementSyntax local => local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword),
            UsingStatementSyntax or FieldDeclarationSyntax => true,
            _ => false,
        },
        PropertyDeclarationSyntax => true,
        _ => false,
    };

    [Test]
    public void Should_FindAnUnheldScalar_When_ItIsAPlainLocal()
    {
        // Given a method that initialises a plain local Scalar (freed only by its finalizer) and one that holds it
        var code = """
            using TorchSharp;
            static class Sample
            {
                static void Plain() { Scalar s = 1.0; }
                static void Held() { using Scalar s = 1.0; }
            }
            """;

        // When checked, Then only the plain local is reported
        Assert.That(Unheld(code), Is.EqualTo(new[] { "1.0" }));
    }

    private static List<string> Unheld(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code);
        var compilation = CSharpCompilation.Create("sample", [tree], References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        return [.. tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>()
            .Where(n => model.GetConversion(n) is { IsImplicit: true, IsUserDefined: true } c && c.MethodSymbol?.ContainingType?.Name == "Scalar"
                        && n.Parent is not MemberAccessExpressionSyntax && !Held(n))
            .Select(n => n.ToString())];
    }

    [Test]
    public void Should_HoldEveryScalar_When_NumbersReachLibTorch()
    {
        // Given the library and the experiments compiled from their sources
        var root = RepositoryFiles.Path("src");
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = new[] { "BayesSparse", "BayesSparse.Experiments" }
            .SelectMany(project => Directory.GetFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f)).ToList();
        var usings = CSharpSyntaxTree.ParseText("global using System; global using System.Linq; global using System.IO; " +
            "global using System.Collections.Generic; global using System.Threading; global using System.Threading.Tasks;", parse);
        var compilation = CSharpCompilation.Create("check", trees.Append(usings), References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        Assert.That(compilation.GetTypeByMetadataName("TorchSharp.Scalar"), Is.Not.Null, "TorchSharp must resolve, or nothing is checked");

        // When every expression is checked
        var found = new List<string>();
        int tensorOperators = 0;
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>())
            {
                var conversion = model.GetConversion(node);
                bool implicitScalar = conversion.IsImplicit && conversion.IsUserDefined && conversion.MethodSymbol?.ContainingType?.Name == "Scalar"
                                      && node.Parent is not MemberAccessExpressionSyntax && !Held(node); // a.B: checked once, as the whole
                var op = node is BinaryExpressionSyntax binary ? model.GetSymbolInfo(binary).Symbol as IMethodSymbol : null;
                if (op?.ContainingType?.Name == "Tensor") tensorOperators++;
                bool numberOperator = op?.ContainingType?.Name == "Tensor" && op.Parameters.Any(p => p.Type.SpecialType != SpecialType.None);
                if (implicitScalar || numberOperator)
                    found.Add($"{Path.GetRelativePath(root, tree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {node}");
            }
        }

        // Then there is none (of the many tensor operators seen): hold the value in 'using Scalar x = value;' or use Scalars.Zero / One
        Assert.That(tensorOperators, Is.GreaterThan(50), "the semantic model resolved the tensor operators");
        Assert.That(found, Is.Empty);
    }
}
