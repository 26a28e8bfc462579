using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BayesSparse.Structure;

/// <summary>An optimiser whose per-parameter state (Adam's moments) can follow a parameter that is cut down.</summary>
public interface IOptimizerStateSelect
{
    /// <summary>Replaces every state tensor of <paramref name="parameter"/> by <paramref name="select"/> of it, in place.</summary>
    void SelectState(Parameter parameter, Func<Tensor, Tensor> select);
}
