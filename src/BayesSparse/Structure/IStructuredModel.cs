namespace BayesSparse.Structure;

/// <summary>
/// A model whose layers share groups across layer boundaries: the classifier's embedding columns are the LSTM's
/// input neurons, the output layer's columns its hidden neurons. Cutting a leader cuts its followers the same way.
/// </summary>
public interface IStructuredModel
{
    /// <summary>Pairs of (leader, follower) groups, keyed <c>layer.group</c> by the model's own module names.</summary>
    IReadOnlyList<(string Leader, string Follower)> TiedGroups { get; }

    /// <summary>
    /// For every group the model may cut while training, keyed <c>layer.group</c>: which of its entries (original
    /// coordinates) the model uses in eval mode, a boolean vector. An entry that is false contributes exactly zero
    /// to every eval output, so removing it leaves eval unchanged.
    /// </summary>
    IReadOnlyDictionary<string, TorchSharp.torch.Tensor> EvalKeptGroups();
}
