using BayesSparse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Data;

/// <summary>
/// Documents encoded for the classifier: <see cref="Count"/> rows of <see cref="Steps"/> token ids, left-padded
/// with 0, and their labels.
/// </summary>
/// <param name="Tokens">Row-major ids, Count x Steps.</param>
/// <param name="Labels">Class per row.</param>
/// <param name="Steps">Sequence length.</param>
public sealed record EncodedTexts(int[] Tokens, int[] Labels, int Steps)
{
    /// <summary>Rows.</summary>
    public int Count => Labels.Length;

    /// <summary>The rows at <paramref name="rows"/> as tensors: tokens (B, T) int64, mask (B, T) bool, labels (B).</summary>
    public (Tensor Tokens, Tensor Mask, Tensor Labels) Batch(IReadOnlyList<int> rows, Device? device = null)
    {
        var tokens = new long[rows.Count * Steps];
        var labels = new long[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int t = 0; t < Steps; t++) tokens[r * Steps + t] = Tokens[rows[r] * Steps + t];
            labels[r] = Labels[rows[r]];
        }
        var tokenTensor = tensor(tokens, [rows.Count, Steps], device: device);
        using Scalar pad = ClassifierInput.Pad;
        return (tokenTensor, tokenTensor.ne(pad), tensor(labels, device: device));
    }
}
