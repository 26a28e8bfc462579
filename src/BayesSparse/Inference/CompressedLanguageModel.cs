using System.Security.Cryptography;
using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace BayesSparse.Inference;

/// <summary>
/// A language model compressed for inference in plain .NET (no libtorch at run time): removed hidden neurons
/// are dropped, z folded into the weights, constant gates precomputed as sigmoid(b) / tanh(b), and each
/// remaining matrix stored dense or CSR, whichever measured faster. Its logits equal the masked dense model's.
/// </summary>
public sealed class CompressedLanguageModel
{
    private const string Magic = "BSPZ";
    private const int FormatVersion = 1;

    private readonly DenseMatrix _input;     // (V, L): W^x columns of each token, live gate rows only
    private readonly IMatrix _recurrent;     // (L, K)
    private readonly float[] _liveBias;      // (L)
    private readonly int[] _slot;            // (4K): index into the live preactivations, or -1 for a constant gate
    private readonly float[] _constant;      // (4K): the constant gate values
    private readonly IMatrix _output;        // (V, K), z^h folded in
    private readonly float[] _outputBias;    // (V)

    private CompressedLanguageModel(DenseMatrix input, IMatrix recurrent, float[] liveBias, int[] slot, float[] constant, IMatrix output,
        float[] outputBias, IReadOnlyList<string> words)
    {
        (_input, _recurrent, _liveBias, _slot, _constant, _output, _outputBias) = (input, recurrent, liveBias, slot, constant, output, outputBias);
        Words = words;
    }

    /// <summary>The vocabulary (id to symbol), stored in the file; empty when compressed without one.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Kept hidden neurons.</summary>
    public int Hidden => _slot.Length / 4;

    /// <summary>Vocabulary size.</summary>
    public int Vocabulary => _input.Rows;

    /// <summary>Non-constant gate components.</summary>
    public int LiveGates => _liveBias.Length;

    /// <summary>Multiply-adds per token (recurrent and output products), for the ideal speed-up.</summary>
    public long MultiplyAddsPerToken => _recurrent.StoredEntries + _output.StoredEntries;

    /// <summary>Describes the storage of each matrix, for reports.</summary>
    public string Layout => $"recurrent {Describe(_recurrent)}, output {Describe(_output)}";

    /// <summary>Compresses a trained <see cref="LanguageModel"/> (its eval-mode weights).</summary>
    /// <param name="model">The model.</param>
    /// <param name="vocabulary">Its vocabulary, stored with it for <c>predict</c>; optional.</param>
    public static CompressedLanguageModel From(LanguageModel model, Vocabulary? vocabulary = null)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var (_, _, hidden, gates) = StructuredSparsity.KeptUnits(model.Masks());
        var (lstm, dense) = (model.named_children().First(c => c.name == "lstm").module, model.named_children().First(c => c.name == "dense").module);
        Tensor weightIh, weightHh, bias;
        Tensor? zHidden = null;
        switch (lstm)
        {
            case LstmSVD svd:
                var sample = svd.Variables.Draw(training: false, sequences: 1);
                (weightIh, weightHh) = sample.Fold();
                zHidden = sample.ZHidden?.squeeze(0);
                bias = svd.Bias.detach();
                break;
            case DenseLstm plain:
                (weightIh, weightHh, bias) = (plain.WeightIh.detach(), plain.WeightHh.detach(), plain.Bias.detach());
                break;
            default:
                throw new ArgumentException($"cannot compress {lstm.GetName()}");
        }
        var (denseWeight, denseBias) = dense switch
        {
            LinearSVD svd => (svd.Weight.MaskedMean(svd.Options), svd.Bias!.detach()),
            TorchSharp.Modules.Linear linear => (linear.weight!.detach(), linear.bias!.detach()),
            _ => throw new ArgumentException($"cannot compress {dense.GetName()}"),
        };

        long size = hidden.shape[0];
        var kept = hidden.nonzero().squeeze(1);                                  // (K)
        var live = gates.nonzero().squeeze(1);                                   // (L), in 0..4H-1
        var liveList = live.data<long>().ToArray();
        var keptList = kept.data<long>().ToArray();
        var slot = new int[4 * keptList.Length];
        var constant = new float[4 * keptList.Length];
        var biasValues = bias.cpu().data<float>().ToArray();
        var liveIndex = liveList.Select((row, i) => (row, i)).ToDictionary(p => p.row, p => p.i);
        for (int g = 0; g < 4; g++)
            for (int k = 0; k < keptList.Length; k++)
            {
                long row = g * size + keptList[k];
                slot[g * keptList.Length + k] = liveIndex.TryGetValue(row, out var index) ? index : -1;
                double b = biasValues[row];
                constant[g * keptList.Length + k] = (float)(g == 2 ? Math.Tanh(b) : 1 / (1 + Math.Exp(-b)));
            }
        var outputWeight = denseWeight.index_select(1, kept);
        if (zHidden is not null) outputWeight = outputWeight * zHidden.index_select(0, kept);
        return new CompressedLanguageModel(
            Dense(weightIh.index_select(0, live).t()),
            MatrixFormat.Fastest(Dense(weightHh.index_select(0, live).index_select(1, kept))),
            bias.index_select(0, live).cpu().data<float>().ToArray(), slot, constant,
            MatrixFormat.Fastest(Dense(outputWeight)), denseBias.cpu().data<float>().ToArray(), vocabulary?.Words ?? []);
    }

    /// <summary>Logits (T, V) for one token sequence, starting from (and updating) <paramref name="state"/>.</summary>
    public float[][] Forward(IReadOnlyList<int> tokens, State? state = null)
    {
        state ??= NewState();
        int k = Hidden;
        var pre = new float[LiveGates];
        var logits = new float[tokens.Count][];
        for (int t = 0; t < tokens.Count; t++)
        {
            _input.Row(tokens[t]).CopyTo(pre);
            for (int i = 0; i < pre.Length; i++) pre[i] += _liveBias[i];
            _recurrent.MultiplyAdd(state.H, pre);
            for (int j = 0; j < k; j++)
            {
                float Gate(int g, bool tanh)
                {
                    int s = _slot[g * k + j];
                    if (s < 0) return _constant[g * k + j];
                    return tanh ? MathF.Tanh(pre[s]) : 1 / (1 + MathF.Exp(-pre[s]));
                }
                float i = Gate(0, false), f = Gate(1, false), g = Gate(2, true), o = Gate(3, false);
                state.C[j] = f * state.C[j] + i * g;
                state.H[j] = o * MathF.Tanh(state.C[j]);
            }
            var row = (float[])_outputBias.Clone();
            _output.MultiplyAdd(state.H, row);
            logits[t] = row;
        }
        return logits;
    }

    /// <summary>The recurrent state over the kept neurons (h before z^h, c).</summary>
    public sealed record State(float[] H, float[] C);

    /// <summary>A zero state.</summary>
    public State NewState() => new(new float[Hidden], new float[Hidden]);

    /// <summary>Writes the versioned file: magic, version, payload length, SHA-256 of the payload, payload.</summary>
    public void Save(string path)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            _input.Write(writer);
            _recurrent.Write(writer);
            WriteArray(writer, _liveBias);
            writer.Write(_slot.Length);
            foreach (var s in _slot) writer.Write(s);
            WriteArray(writer, _constant);
            _output.Write(writer);
            WriteArray(writer, _outputBias);
            writer.Write(Words.Count);
            foreach (var word in Words) writer.Write(word);
        }
        var bytes = payload.ToArray();
        var temporary = path + ".tmp";
        using (var file = new BinaryWriter(File.Create(temporary)))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
            file.Write(FormatVersion);
            file.Write((long)bytes.Length);
            file.Write(SHA256.HashData(bytes));
            file.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a foreign, truncated or corrupt file is a <see cref="DataException"/>.</summary>
    public static CompressedLanguageModel Load(string path)
    {
        const string fix = "Re-create it with 'bayes-sparse compress'";
        try
        {
            using var file = new BinaryReader(File.OpenRead(path));
            if (System.Text.Encoding.ASCII.GetString(file.ReadBytes(4)) != Magic) throw new DataException(path, "is not a BayesSparse compressed model", fix);
            if (file.ReadInt32() is var version && version != FormatVersion) throw new DataException(path, $"has format version {version}, this tool reads {FormatVersion}", fix);
            long length = file.ReadInt64();
            var checksum = file.ReadBytes(32);
            var bytes = file.ReadBytes(checked((int)length));
            if (bytes.Length != length || !SHA256.HashData(bytes).SequenceEqual(checksum)) throw new DataException(path, "fails its checksum (truncated or corrupt)", fix);
            using var reader = new BinaryReader(new MemoryStream(bytes));
            var input = (DenseMatrix)MatrixFormat.Read(reader);
            var recurrent = MatrixFormat.Read(reader);
            var liveBias = ReadArray(reader);
            var slot = new int[reader.ReadInt32()];
            for (int i = 0; i < slot.Length; i++) slot[i] = reader.ReadInt32();
            var (constant, output, outputBias) = (ReadArray(reader), MatrixFormat.Read(reader), ReadArray(reader));
            var words = new string[reader.ReadInt32()];
            for (int i = 0; i < words.Length; i++) words[i] = reader.ReadString();
            return new CompressedLanguageModel(input, recurrent, liveBias, slot, constant, output, outputBias, words);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or InvalidCastException or OverflowException)
        {
            throw new DataException(path, $"is malformed ({e.Message.TrimEnd('.')})", fix);
        }
    }

    private static DenseMatrix Dense(Tensor matrix)
    {
        var cpu = matrix.contiguous().cpu();
        return new DenseMatrix((int)cpu.shape[0], (int)cpu.shape[1], cpu.data<float>().ToArray());
    }

    private static string Describe(IMatrix m) =>
        $"{m.Rows}x{m.Columns} {(m is CsrMatrix ? "CSR" : "dense")} ({m.StoredEntries:N0} stored)";

    private static void WriteArray(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values) writer.Write(v);
    }

    private static float[] ReadArray(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
