using BayesSparse.Inference;
using BayesSparse.Sparsity;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>What the runners need of every model besides its forward pass.</summary>
public interface ISequenceModel
{
    /// <summary>The model as a TorchSharp module (itself): parameters, train / eval, save / load.</summary>
    nn.Module Module { get; }

    /// <summary>Which Table 1 model this is.</summary>
    ModelKind Kind { get; }

    /// <summary>σ of the LSTM's i, f and o gates (a constant gate is σ(b)).</summary>
    GateActivation GateActivation { get; }

    /// <summary>
    /// The eval weights of every layer, keyed <c>layer.parameter</c> (<see cref="NN.LayerWeights.Eval"/>): layers
    /// named <c>embedding</c> (classifiers), <c>lstm</c> and <c>dense</c>. New tensors in the caller's dispose scope.
    /// </summary>
    Dictionary<string, Tensor> EvalWeights();

    /// <summary>The LSTM backend its last training step ran (<see cref="NN.Recurrent.Backends.IReportsBackend"/>); null before one.</summary>
    string? RecurrentBackend => Module.modules().OfType<NN.Recurrent.Backends.IReportsBackend>().Select(l => l.Backend).FirstOrDefault(b => b is not null);

    /// <summary>Nonzero patterns of the model's weights and group variables as it would run in eval mode.</summary>
    RecurrentMasks Masks() => RecurrentMasks.Of(EvalWeights());

    /// <summary>Vocabulary, neurons, gates and compression of the model as it would run in eval mode.</summary>
    SparsityReport Report()
    {
        using var scope = NewDisposeScope();
        return StructuredSparsity.Count(Masks());
    }
}
