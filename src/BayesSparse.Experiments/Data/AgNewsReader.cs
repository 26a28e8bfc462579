using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace BayesSparse.Data;

/// <summary>
/// Reads AG's News (Zhang et al. 2015) <c>&lt;data&gt;/agnews/{split}.csv[.gz]</c>: rows of class (1-4), title,
/// description, no header. The text is title and description joined by a space; labels are 0-based.
/// </summary>
public static class AgNewsReader
{
    /// <summary>How to obtain the files.</summary>
    public const string Fix = "Put AG News train.csv / test.csv (plain or .gz) in <data>/agnews; 'bayes-sparse data download' fetches them";

    /// <summary>Whether <c>train.csv</c> is present.</summary>
    public static bool HasTrain(DataDirectory data) => DataFiles.Find(data.Combine("agnews"), "train.csv") is not null;

    /// <summary>Reads the split.</summary>
    public static List<LabelledText> Read(DataDirectory data, string split)
    {
        var path = DataFiles.Require(data.Combine("agnews"), $"{split}.csv", Fix);
        DataVerifier.Require(data, "agnews");
        var rows = new List<LabelledText>();
        try
        {
            using var reader = new StreamReader(DataFiles.OpenRead(path));
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false });
            while (csv.Read())
            {
                if (csv.Parser.Count != 3 || !int.TryParse(csv.GetField(0), out var label) || label is < 1 or > 4)
                    throw new DataException(path, $"row {csv.Parser.Row} is malformed (expected class 1-4, title, description)", Fix);
                rows.Add(new LabelledText(csv.GetField(1) + " " + csv.GetField(2), label - 1));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or CsvHelperException)
        {
            throw new DataException(path, $"cannot be read ({e.Message.Split('\n')[0].TrimEnd('.')}); the file is corrupt or truncated", Fix);
        }
        return rows;
    }
}
