using static TorchSharp.torch;

namespace BayesSparse.NN.Recurrent;

/// <summary>
/// W^x (x * z^x) for every step at once. Dense input (B, T, In) is one matmul; integer input (B, T) is read as
/// one-hot over In = vocabulary, so the projection is a row lookup of W^x's transpose, never a matmul with a
/// one-hot matrix.
/// </summary>
public static class InputProjection
{
    /// <summary>Whether <paramref name="input"/> holds token indices rather than features.</summary>
    public static bool IsTokens(Tensor input) => !input.is_floating_point();

    /// <summary>
    /// For token input: the distinct tokens of the batch (the W^x columns it reads) and the input renumbered
    /// into them; features pass through with no columns.
    /// </summary>
    public static (Tensor Input, Tensor? Columns) Compact(Tensor input)
    {
        if (!IsTokens(input)) return (input, null);
        var (columns, inverse, _) = unique(input, sorted: true, return_inverse: true);
        return (inverse!.reshape(input.shape), columns);
    }

    /// <summary>Projects <paramref name="input"/> through <paramref name="weightIh"/>.</summary>
    /// <param name="input">Features (B, T, In) or token indices (B, T).</param>
    /// <param name="weightIh">(R, In): all stacked gates, or some of their rows.</param>
    /// <param name="zInput">z^x, (N, In) with N = 1 or B, or null.</param>
    /// <returns>(B, T, R).</returns>
    public static Tensor Project(Tensor input, Tensor weightIh, Tensor? zInput)
    {
        using var scope = NewDisposeScope();
        Tensor projected;
        if (IsTokens(input))
        {
            long batch = input.shape[0], steps = input.shape[1];
            projected = weightIh.t().index_select(0, input.reshape(-1)).reshape(batch, steps, -1);
            if (zInput is not null)
                projected = projected * zInput.expand(batch, -1).gather(1, input).unsqueeze(2);
        }
        else
        {
            var scaled = zInput is null ? input : input * zInput.unsqueeze(1);
            projected = scaled.matmul(weightIh.t());
        }
        return projected.MoveToOuterDisposeScope();
    }
}
