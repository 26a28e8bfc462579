using BayesSparse.Sparsity;

namespace BayesSparse.Models;

/// <summary>What the runners need of every model besides its forward pass.</summary>
public interface ISequenceModel
{
    /// <summary>Which Table 1 model this is.</summary>
    ModelKind Kind { get; }

    /// <summary>Vocabulary, neurons, gates and compression of the model as it would run in eval mode.</summary>
    SparsityReport Report();
}
