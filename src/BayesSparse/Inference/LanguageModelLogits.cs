namespace BayesSparse.Inference;

/// <summary>
/// Logits of a compressed language model for B sequences of T steps, stored vocabulary-major in blocks of
/// consecutive steps (the layout the output product writes, so no transposition is paid).
/// </summary>
public sealed class LanguageModelLogits
{
    private readonly List<(int FirstStep, int Steps, float[] Values)> _blocks;

    internal LanguageModelLogits(int vocabulary, int sequences, List<(int FirstStep, int Steps, float[] Values)> blocks)
    {
        (Vocabulary, Sequences, _blocks) = (vocabulary, sequences, blocks);
    }

    /// <summary>Vocabulary size.</summary>
    public int Vocabulary { get; }

    /// <summary>Sequences (B).</summary>
    public int Sequences { get; }

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
        foreach (var (first, steps, values) in _blocks)
        {
            int width = steps * Sequences;
            var max = new float[width];
            var sum = new double[width];
            max.AsSpan().Fill(float.NegativeInfinity);
            for (int v = 0; v < Vocabulary; v++)
                System.Numerics.Tensors.TensorPrimitives.Max(max, values.AsSpan(v * width, width), max);
            for (int v = 0; v < Vocabulary; v++)
                for (int col = 0; col < width; col++) sum[col] += Math.Exp(values[v * width + col] - max[col]);
            for (int col = 0; col < width; col++)
            {
                int step = first + col / Sequences, sequence = col % Sequences;
                total += max[col] + Math.Log(sum[col]) - values[targets[sequence][step] * width + col];
            }
        }
        return total;
    }

    /// <summary>The logits of sequence <paramref name="sequence"/> after reading its token at <paramref name="step"/>.</summary>
    public float[] At(int sequence, int step)
    {
        if ((uint)sequence >= Sequences || (uint)step >= Steps) throw new ArgumentOutOfRangeException(nameof(step), $"({sequence}, {step}) is outside {Sequences} x {Steps}");
        var (first, steps, values) = _blocks.Last(b => b.FirstStep <= step);
        int width = steps * Sequences, column = (step - first) * Sequences + sequence;
        var logits = new float[Vocabulary];
        for (int v = 0; v < Vocabulary; v++) logits[v] = values[v * width + column];
        return logits;
    }
}
