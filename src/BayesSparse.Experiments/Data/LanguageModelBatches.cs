using static TorchSharp.torch;

namespace BayesSparse.Data;

/// <summary>Mini-batches of (inputs, targets), each (B, T) int64, cut from one id stream.</summary>
public static class LanguageModelBatches
{
    /// <summary>
    /// Word level: the stream is cut into <paramref name="batch"/> contiguous rows, then consecutive windows of
    /// <paramref name="steps"/> (BPTT), targets shifted by one; the state is carried from one window to the next.
    /// </summary>
    public static IEnumerable<(Tensor Inputs, Tensor Targets)> Contiguous(int[] stream, int batch, int steps)
    {
        int rowLength = (stream.Length - 1) / batch;
        for (int start = 0; start < rowLength; start += steps)
        {
            int length = Math.Min(steps, rowLength - start);
            yield return (Window(stream, batch, rowLength, start, length, 0), Window(stream, batch, rowLength, start, length, 1));
        }
    }

    /// <summary>
    /// Char level: independent sequences of <paramref name="steps"/> starting at a random offset in
    /// [0, steps) (a new one each epoch, from <paramref name="random"/>), in shuffled order, the last partial
    /// batch dropped.
    /// </summary>
    public static IEnumerable<(Tensor Inputs, Tensor Targets)> RandomOffset(int[] stream, int batch, int steps, Random random)
    {
        int offset = random.Next(steps);
        int sequences = (stream.Length - 1 - offset) / steps;
        var order = Enumerable.Range(0, sequences).ToArray();
        random.Shuffle(order);
        for (int first = 0; first + batch <= sequences; first += batch)
        {
            var inputs = new long[batch * steps];
            var targets = new long[batch * steps];
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < steps; t++)
                {
                    int at = offset + order[first + b] * steps + t;
                    inputs[b * steps + t] = stream[at];
                    targets[b * steps + t] = stream[at + 1];
                }
            yield return (tensor(inputs, [batch, steps]), tensor(targets, [batch, steps]));
        }
    }

    private static Tensor Window(int[] stream, int batch, int rowLength, int start, int length, int shift)
    {
        var values = new long[batch * length];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < length; t++)
                values[b * length + t] = stream[b * rowLength + start + t + shift];
        return tensor(values, [batch, length]);
    }
}
