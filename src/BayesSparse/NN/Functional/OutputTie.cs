using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.NN.Functional;

/// <summary>
/// For custom autograd functions returning a sequence and final states. TorchSharp wraps the undefined gradient
/// of an output that does not reach the loss (h_n, c_n when only the sequence is used) and never frees the
/// wrapper: one live tensor more per step. Tying the final states to the first output at zero cost gives every
/// output a defined gradient.
/// </summary>
internal static class OutputTie
{
    /// <summary>Returns the outputs with the first one tied to the others (same values).</summary>
    public static Tensor[] Apply(IList<Tensor> outputs)
    {
        using Scalar zero = 0;
        var tie = outputs.Skip(1).Select(o => o.sum()).Aggregate((a, b) => a.Plus(b)) * zero;
        return [outputs[0].Plus(tie), .. outputs.Skip(1)];
    }
}
