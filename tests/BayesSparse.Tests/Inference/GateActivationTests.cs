using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Inference;

/// <summary>The gate nonlinearities: spans, single values and tensors compute one function, and its slope is the derivative.</summary>
[TestFixture]
public sealed class GateActivationTests
{
    private static readonly float[] Points = [-9f, -2.6f, -2.4f, -1f, -0.1f, 0f, 0.3f, 1.7f, 2.4f, 2.6f, 9f];

    [TestCase(GateActivation.Sigmoid)]
    [TestCase(GateActivation.HardSigmoid)]
    public void Should_AgreeOnSpansValuesAndTensors_When_Activating(GateActivation activation)
    {
        // Given points on both sides of hard_sigmoid's clips at -2.5 and 2.5
        var spans = new float[Points.Length];

        // When activated as a span, one value at a time and as a tensor
        activation.Apply(Points, spans);
        using var scope = NewDisposeScope();
        var tensors = activation.Apply(tensor(Points)).data<float>().ToArray();

        // Then all three agree, and hard_sigmoid is clip(0.2 x + 0.5, 0, 1)
        for (int k = 0; k < Points.Length; k++)
        {
            Assert.That(spans[k], Is.EqualTo(activation.Apply((double)Points[k])).Within(1e-6), $"x = {Points[k]}");
            Assert.That(tensors[k], Is.EqualTo(spans[k]).Within(1e-6), $"x = {Points[k]}");
        }
        if (activation == GateActivation.HardSigmoid)
            Assert.That(spans, Is.EqualTo(Points.Select(x => Math.Clamp(0.2f * x + 0.5f, 0f, 1f))).Within(1e-6));
    }

    [TestCase(GateActivation.Sigmoid)]
    [TestCase(GateActivation.HardSigmoid)]
    public void Should_BeTheDerivative_When_TheSlopeIsReadFromActivatedValues(GateActivation activation)
    {
        // Given the activated values at the points
        var activated = new float[Points.Length];
        activation.Apply(Points, activated);

        // When the slope is computed from them (spans and tensors)
        var slope = new float[Points.Length];
        activation.Slope(activated, slope);
        using var scope = NewDisposeScope();
        var tensorSlope = activation.SlopeAt(tensor(activated)).data<float>().ToArray();

        // Then it is the central difference of the function (0 beyond hard_sigmoid's clips)
        const double h = 1e-3;
        for (int k = 0; k < Points.Length; k++)
        {
            double numeric = (activation.Apply(Points[k] + h) - activation.Apply(Points[k] - h)) / (2 * h);
            Assert.That(slope[k], Is.EqualTo(numeric).Within(1e-4), $"x = {Points[k]}");
            Assert.That(tensorSlope[k], Is.EqualTo(slope[k]).Within(1e-6), $"x = {Points[k]}");
        }
    }

    [Test]
    public void Should_BeTanhForG_And_TheActivationElsewhere_When_AGateIsConstant()
    {
        Assert.That(GateActivation.HardSigmoid.ConstantGate(2, 0.7), Is.EqualTo(Math.Tanh(0.7)));
        Assert.That(GateActivation.HardSigmoid.ConstantGate(1, 0.7), Is.EqualTo(0.64).Within(1e-12));
        Assert.That(GateActivation.Sigmoid.ConstantGate(3, 0.7), Is.EqualTo(1 / (1 + Math.Exp(-0.7))).Within(1e-12));
    }
}
