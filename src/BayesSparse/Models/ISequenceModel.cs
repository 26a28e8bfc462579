using BayesSparse.Sparsity;

namespace BayesSparse.Models;

/// <summary>What the runners need of every model besides its forward pass.</summary>
public interface ISequenceModel
{
    /// <summary>Which Table 1 model this is.</summary>
    ModelKind Kind { get; }

    /// <summary>Nonzero patterns of the model's weights and group variables as it would run in eval mode.</summary>
    RecurrentMasks Masks();

    /// <summary>The LSTM's bias (4H): the value of a constant gate is sigmoid or tanh of it.</summary>
    TorchSharp.torch.Tensor LstmBias();

    /// <summary>Vocabulary, neurons, gates and compression of the model as it would run in eval mode.</summary>
    SparsityReport Report()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        return StructuredSparsity.Count(Masks());
    }
}
