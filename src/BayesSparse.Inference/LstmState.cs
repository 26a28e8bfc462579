namespace BayesSparse.Inference;

/// <summary>
/// The state of a compressed LSTM over a block of sequences: h (before z^h) and c, each (kept neurons, width)
/// row-major, plus the work buffers of one step. Carry it across calls to continue the sequences.
/// </summary>
public sealed class LstmState
{
    /// <summary>A zero state for <paramref name="width"/> sequences.</summary>
    public LstmState(int hidden, int liveGates, int width)
    {
        (Hidden, Width) = (hidden, width);
        H = new float[hidden * width];
        C = new float[hidden * width];
        Preactivations = new float[liveGates * width];
        Gates = new float[4 * hidden * width];
    }

    /// <summary>Kept neurons.</summary>
    public int Hidden { get; }

    /// <summary>Sequences.</summary>
    public int Width { get; }

    /// <summary>h, (Hidden, Width).</summary>
    public float[] H { get; }

    /// <summary>c, (Hidden, Width).</summary>
    public float[] C { get; }

    internal float[] Preactivations { get; }

    /// <summary>The gates i, f, g, o, each (Hidden, Width); the constant rows are filled by the layer that first steps this state.</summary>
    internal float[] Gates { get; }

    /// <summary>The layer whose constant gates <see cref="Gates"/> holds.</summary>
    internal object? GatesFilledBy { get; set; }
}
