using BayesSparse.Inference;
using BayesSparse.Text;

namespace BayesSparse.Tests.Onnx;

/// <summary>
/// Compressed models with random weights and the structures export must carry: removed ids (zero input rows),
/// constant gates (some gate kinds entirely constant), dense or CSR matrices, either gate activation.
/// </summary>
public static class SyntheticModels
{
    /// <summary>Which gates stay live.</summary>
    public enum Gates
    {
        /// <summary>About a third of the gates constant, spread over i, f, g and o.</summary>
        Mixed,

        /// <summary>Every information flow g constant (no tanh row), the rest mixed.</summary>
        NoLiveG,

        /// <summary>Every gate live.</summary>
        AllLive,

        /// <summary>Every gate constant.</summary>
        NoneLive,
    }

    /// <summary>A layer of <paramref name="hidden"/> kept neurons over <paramref name="ids"/> input ids.</summary>
    internal static CompressedLstm Lstm(int ids, int hidden, GateActivation activation, Gates gates, bool csr, int seed)
    {
        var random = new Random(seed);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        var slot = new int[4 * hidden];
        var constant = new float[4 * hidden];
        int live = 0;
        for (int k = 0; k < slot.Length; k++)
        {
            int gate = k / hidden;
            bool isConstant = gates switch
            {
                Gates.AllLive => false,
                Gates.NoneLive => true,
                Gates.NoLiveG when gate == 2 => true,
                _ => random.NextDouble() < 0.35,
            };
            slot[k] = isConstant ? -1 : live++;
            constant[k] = isConstant ? (float)activation.ConstantGate(gate, 2 * Next()) : 0f;
        }
        var table = new float[ids * live];
        for (int v = 0; v < ids; v++)
            if (v % 3 != 1)   // every third id removed: a zero row
                for (int l = 0; l < live; l++) table[v * live + l] = Next();
        var recurrent = new DenseMatrix(live, hidden, [.. Enumerable.Range(0, live * hidden).Select(_ => random.NextDouble() < 0.5 ? 0f : Next())]);
        return new CompressedLstm(InputTable.FromDense(new DenseMatrix(ids, live, table)), csr ? CsrMatrix.FromDense(recurrent) : recurrent,
            [.. Enumerable.Range(0, live).Select(_ => Next())], slot, constant, activation);
    }

    private static DenseMatrix Output(int rows, int columns, int seed)
    {
        var random = new Random(seed + 1000);
        return new DenseMatrix(rows, columns, [.. Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
    }

    /// <summary>Unique words for <paramref name="count"/> ids, the classifier's reserved ones first.</summary>
    public static string[] Words(int count) => [.. ClassifierInput.Reserved, .. Enumerable.Range(ClassifierInput.Reserved.Length, count - ClassifierInput.Reserved.Length).Select(i => $"w{i}")];

    /// <summary>A three-class classifier reading documents of <paramref name="steps"/> ids.</summary>
    internal static CompressedTextClassifier Classifier(GateActivation activation, Gates gates, bool csr, int seed = 1, int ids = 40, int hidden = 7, int steps = 12) =>
        new(Lstm(ids, hidden, activation, gates, csr, seed), Output(3, hidden, seed), [0.1f, -0.2f, 0.3f], Words(ids), steps, ["a", "b", "c"], 5);

    /// <summary>A language model over <paramref name="ids"/> symbols.</summary>
    internal static CompressedLanguageModel LanguageModel(GateActivation activation, Gates gates, bool csr, int seed = 1, int ids = 30, int hidden = 6) =>
        new(Lstm(ids, hidden, activation, gates, csr, seed), Output(ids, hidden, seed), [.. Enumerable.Range(0, ids).Select(i => 0.01f * i)], Words(ids));

    /// <summary><paramref name="count"/> random id sequences of lengths in [<paramref name="shortest"/>, <paramref name="longest"/>].</summary>
    public static int[][] Sequences(int count, int ids, int shortest, int longest, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, random.Next(shortest, longest + 1)).Select(_ => random.Next(ids)).ToArray())];
    }
}
