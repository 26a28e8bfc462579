using BayesSparse.Text;
namespace BayesSparse.Data;

/// <summary>
/// IMDb or AGNews prepared as the authors do (docs/method.md, section 4): the 20,000 most frequent train words plus
/// pad (0), start (1) and OOV (2); each document becomes start + its first tokens, cut to the sequence length
/// (200 IMDb, 100 AGNews) and left-padded. Validation is the last 15% (IMDb) / 5% (AGNews) of the train split
/// after a fixed shuffle (the staged IMDb file is sorted by label).
/// </summary>
/// <param name="Task">imdb or agnews.</param>
/// <param name="Vocabulary">The vocabulary, reserved symbols first.</param>
/// <param name="Train">Training rows.</param>
/// <param name="Valid">Validation rows.</param>
/// <param name="Test">Test rows.</param>
/// <param name="StandIn">True when AGNews trains on part of its test split (train.csv absent, opt-in).</param>
public sealed record TextClassificationData(string Task, Vocabulary Vocabulary, EncodedTexts Train, EncodedTexts Valid,
    EncodedTexts Test, bool StandIn)
{
    /// <summary>Seed of the shuffle before the validation split.</summary>
    public const int SplitSeed = 2018;

    /// <summary>The note every output of an AGNews stand-in run carries.</summary>
    public const string StandInNote =
        "AGNews stand-in protocol: train.csv absent, trained on a stratified 75% of the test split and evaluated on the other 25%; not comparable to the paper";

    /// <summary>Loads and encodes <paramref name="task"/>.</summary>
    /// <param name="task">imdb or agnews.</param>
    /// <param name="data">The data folder.</param>
    /// <param name="agNewsStandIn">Allow the AGNews stand-in protocol when train.csv is absent.</param>
    /// <param name="maxWords">Vocabulary words besides the reserved ones.</param>
    /// <param name="steps">Sequence length instead of the paper's (200 IMDb, 100 AGNews).</param>
    public static TextClassificationData Load(string task, DataDirectory data, bool agNewsStandIn = false, int maxWords = 20_000, int? steps = null)
    {
        bool standIn = false;
        List<LabelledText> train, test;
        int? stepsOverride = steps;
        double validFraction;
        switch (task)
        {
            case "imdb":
                (train, test, steps, validFraction) = (ImdbReader.Read(data, "train"), ImdbReader.Read(data, "test"), 200, 0.15);
                break;
            case "agnews":
                (steps, validFraction) = (100, 0.05);
                test = AgNewsReader.Read(data, "test");
                if (AgNewsReader.HasTrain(data)) train = AgNewsReader.Read(data, "train");
                else if (agNewsStandIn) (train, test, standIn) = (StratifiedHead(test, 0.75, out var rest), rest, true);
                else throw new DataException(data.Combine("agnews", "train.csv"),
                    "not found: AGNews' 120,000-row train split is needed for the paper's protocol",
                    "Add train.csv (md5 b1a00f826fdfbd249f79597b59e1dc12), or pass --agnews-standin to train on part of the test split");
                break;
            default:
                throw new ArgumentException($"unknown classification task '{task}': use imdb or agnews");
        }

        steps = stepsOverride ?? steps;
        var shuffled = Shuffle(train);
        var vocabulary = Vocabulary.Build(shuffled.SelectMany(t => TextTokenizer.Tokenize(t.Text)), maxWords, ClassifierInput.Reserved);
        int validCount = (int)Math.Round(shuffled.Count * validFraction);
        var encode = (IEnumerable<LabelledText> rows) => Encode(rows.ToList(), vocabulary, steps.Value);
        return new TextClassificationData(task, vocabulary, encode(shuffled.Take(shuffled.Count - validCount)),
            encode(shuffled.Skip(shuffled.Count - validCount)), encode(test), standIn);
    }

    /// <summary>start + the first tokens (OOV for unknown words), cut to <paramref name="steps"/>, left-padded.</summary>
    public static EncodedTexts Encode(IReadOnlyList<LabelledText> rows, Vocabulary vocabulary, int steps)
    {
        var tokens = new int[rows.Count * steps];
        var labels = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var ids = ClassifierInput.Encode(rows[r].Text, vocabulary, steps);
            ids.CopyTo(tokens, r * steps + steps - ids.Length);
            labels[r] = rows[r].Label;
        }
        return new EncodedTexts(tokens, labels, steps);
    }

    private static List<LabelledText> Shuffle(List<LabelledText> rows)
    {
        var copy = rows.ToArray();
        new Random(SplitSeed).Shuffle(copy);
        return [.. copy];
    }

    /// <summary>The first <paramref name="fraction"/> of every class; the rest in <paramref name="rest"/>.</summary>
    private static List<LabelledText> StratifiedHead(List<LabelledText> rows, double fraction, out List<LabelledText> rest)
    {
        var head = new List<LabelledText>();
        rest = [];
        foreach (var group in rows.GroupBy(r => r.Label))
        {
            var members = group.ToList();
            int take = (int)Math.Round(members.Count * fraction);
            head.AddRange(members.Take(take));
            rest.AddRange(members.Skip(take));
        }
        return head;
    }
}
