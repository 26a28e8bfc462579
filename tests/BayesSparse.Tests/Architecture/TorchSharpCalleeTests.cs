using System.Reflection;
using BayesSparse.Experiments;
using BayesSparse.NN.Functional;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Architecture;

/// <summary>
/// No TorchSharp method the library calls makes a Scalar from a number and leaves it to the finalizer, directly or
/// through TorchSharp's own calls (an operator's default alpha, a double parameter passed on as a Scalar): TorchSharp
/// 0.107 does not keep such a Scalar alive until libtorch returns, and a collection at that moment reads freed memory
/// (<c>TrainStepTests</c> provokes it). Read from the compiled IL, so it sees what the source check
/// (<see cref="ImplicitScalarTests"/>) cannot: the callees' insides.
/// </summary>
[TestFixture]
public sealed class TorchSharpCalleeTests
{
    private static readonly Assembly TorchSharpAssembly = typeof(Scalar).Assembly;

    /// <summary>Whether a TorchSharp method reaches a number-to-Scalar conversion in a method that never disposes a Scalar.</summary>
    private sealed class UnheldScalars
    {
        private readonly Dictionary<MethodBase, bool> _known = new();

        public bool Reached(MethodBase method)
        {
            if (_known.TryGetValue(method, out bool known)) return known;
            _known[method] = false; // a cycle adds nothing
            var callees = IlCallees.Of(method);
            bool converts = callees.Any(IsConversion);
            bool disposes = callees.Any(c => c.DeclaringType == typeof(Scalar) && c.Name == "Dispose");
            bool reached = converts && !disposes || callees.Any(c => c.Module.Assembly == TorchSharpAssembly && Reached(c));
            return _known[method] = reached;
        }
    }

    /// <summary>The library's own conversions are held or not by its source: <see cref="ImplicitScalarTests"/>.</summary>
    private static bool IsConversion(MethodBase method) => method.DeclaringType == typeof(Scalar) && method.Name == "op_Implicit" || method.Name == "ToScalar";

    private static MethodBase Method(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, parameters) ?? throw new MissingMethodException(type.Name, name);

    [Test]
    public void Should_FindTheKnownUnheldScalars_When_TorchSharpIsRead()
    {
        // Given the analysis
        var analysis = new UnheldScalars();

        // Then it sees the ones that crashed a run and passes their held forms
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Reached(Method(typeof(Tensor), "op_Addition", typeof(Tensor), typeof(Tensor))), Is.True, "a + b");
            Assert.That(analysis.Reached(Method(typeof(TorchSharp.Modules.Adam), "step", typeof(Func<Tensor>))), Is.True, "Adam.step");
            Assert.That(analysis.Reached(Method(typeof(Tensor), "add", typeof(Tensor), typeof(Scalar))), Is.False, "a.add(b, alpha)");
            Assert.That(analysis.Reached(Method(typeof(Tensor), "mul", typeof(Tensor))), Is.False, "a * b");
            Assert.That(analysis.Reached(Method(typeof(BayesSparse.Training.Adam), "step", typeof(Func<Tensor>))), Is.False, "our Adam.step");
        });
    }

    [Test]
    public void Should_CallNoTorchSharpMethodThatLeavesAScalarToTheFinalizer_When_TheLibraryIsRead()
    {
        // Given every method of the library and the TorchSharp methods each calls
        var analysis = new UnheldScalars();
        var found = new SortedSet<string>();
        int calls = 0;
        foreach (var type in new[] { typeof(HeldScalarMath).Assembly, typeof(ExperimentRunner).Assembly }.SelectMany(a => a.GetTypes()))
        foreach (var method in IlCallees.MethodsOf(type))
        foreach (var callee in IlCallees.Of(method).Where(c => c.Module.Assembly == TorchSharpAssembly && !IsConversion(c)))
        {
            calls++;
            // When each callee is followed through TorchSharp
            if (analysis.Reached(callee)) found.Add($"{type.FullName}.{method.Name} calls {callee.DeclaringType?.Name}.{callee}");
        }

        // Then none reaches a Scalar left to the finalizer (use HeldScalarMath, explicit alphas, held Scalars)
        Assert.That(calls, Is.GreaterThan(500), "the library's IL was read");
        Assert.That(found, Is.Empty);
    }
}
