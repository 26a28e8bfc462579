namespace BayesSparse.Inference;

/// <summary>
/// Logits of a compressed language model for B sequences of T steps, stored vocabulary-major in blocks of
/// consecutive steps (the layout the output product writes, so no transposition is paid).
/// </summary>
public sealed class LanguageModelLogits
{
    // Each block is (vocabulary, stride) row-major: column (step - FirstStep) * Sequences + sequence, padded to Stride.
    private readonly List<(int FirstStep, int Steps, int Stride, float[] Values)> _blocks = [];

    internal LanguageModelLogits(int vocabulary) => Vocabulary = vocabulary;

    /// <summary>Vocabulary size.</summary>
    public int Vocabulary { get; }

    /// <summary>Sequences (B).</summary>
    public int Sequences { get; private set; }

    /// <summary>Starts a new result for <paramref name="sequences"/> sequences, keeping the old buffers for reuse.</summary>
    internal void Reset(int sequences)
    {
        Sequences = sequences;
        _used = 0;
    }

    /// <summary>
    /// The buffer of the next block (vocabulary x <paramref name="stride"/>, at least steps x sequences columns), for
    /// the caller to overwrite whole (its contents are left from an earlier call). Buffers are reused from the previous
    /// call where they fit: on this machine type first-touching fresh memory costs about as much as the output product
    /// itself.
    /// </summary>
    internal float[] NextBlock(int firstStep, int steps, int stride)
    {
        float[] values = _used < _blocks.Count && _blocks[_used].Values.Length == Vocabulary * stride ? _blocks[_used].Values : new float[Vocabulary * stride];
        if (_used < _blocks.Count) _blocks[_used] = (firstStep, steps, stride, values);
        else _blocks.Add((firstStep, steps, stride, values));
        _used++;
        return values;
    }

    /// <summary>Drops blocks a shorter call did not use.</summary>
    internal void Trim() => _blocks.RemoveRange(_used, _blocks.Count - _used);

    private int _used;

    /// <summary>Steps (T).</summary>
    public int Steps => _blocks.Count == 0 ? 0 : _blocks[^1].FirstStep + _blocks[^1].Steps;

    /// <summary>
    /// The summed negative log-likelihood of <paramref name="targets"/> (B sequences of T next-symbol ids), with a
    /// log-sum-exp per position; computed block by block in the storage order.
    /// </summary>
    public double NegativeLogLikelihood(IReadOnlyList<int[]> targets)
    {
        if (targets.Count != Sequences || targets.Any(t => t.Length != Steps)) throw new ArgumentException($"targets must be {Sequences} x {Steps}");
        double total = 0;
        foreach (var (first, steps, stride, values) in _blocks)
        {
            int width = steps * Sequences;
            var max = new float[width];
            var sum = new double[width];
            max.AsSpan().Fill(float.NegativeInfinity);
            for (int v = 0; v < Vocabulary; v++)
                System.Numerics.Tensors.TensorPrimitives.Max(max, values.AsSpan(v * stride, width), max);
            for (int v = 0; v < Vocabulary; v++)
                for (int col = 0; col < width; col++) sum[col] += Math.Exp(values[v * stride + col] - max[col]);
            for (int col = 0; col < width; col++)
            {
                int step = first + col / Sequences, sequence = col % Sequences;
                total += max[col] + Math.Log(sum[col]) - values[targets[sequence][step] * stride + col];
            }
        }
        return total;
    }

    /// <summary>The logits of sequence <paramref name="sequence"/> after reading its token at <paramref name="step"/>.</summary>
    public float[] At(int sequence, int step)
    {
        if ((uint)sequence >= Sequences || (uint)step >= Steps) throw new ArgumentOutOfRangeException(nameof(step), $"({sequence}, {step}) is outside {Sequences} x {Steps}");
        var (first, _, stride, values) = _blocks.Last(b => b.FirstStep <= step);
        int column = (step - first) * Sequences + sequence;
        var logits = new float[Vocabulary];
        for (int v = 0; v < Vocabulary; v++) logits[v] = values[v * stride + column];
        return logits;
    }
}
