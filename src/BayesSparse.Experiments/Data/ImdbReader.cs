using System.Text;

namespace BayesSparse.Data;

/// <summary>
/// Reads the IMDb reviews (Maas et al. 2011) of one split (<c>train</c> or <c>test</c>) from
/// <c>&lt;data&gt;/imdb/imdb_{split}.tsv[.xz|.gz]</c> (header <c>label, rating, file, text</c>, text escaped as
/// <c>\\ \t \n \r</c>) or from the original <c>&lt;data&gt;/imdb/aclImdb/{split}/{pos,neg}/*.txt</c>. Label 1 = positive.
/// </summary>
public static class ImdbReader
{
    private const string Fix = "Put imdb_train.tsv.xz / imdb_test.tsv.xz or the aclImdb/ folder in <data>/imdb; 'bayes-sparse data download' fetches aclImdb";

    /// <summary>Reads the split.</summary>
    public static List<LabelledText> Read(DataDirectory data, string split)
    {
        var folder = data.Combine("imdb");
        DataVerifier.Require(data, "imdb");
        var tsv = DataFiles.Find(folder, $"imdb_{split}.tsv");
        if (tsv is not null) return ReadTsv(tsv);
        var original = Path.Combine(folder, "aclImdb", split);
        if (Directory.Exists(original)) return ReadFolder(original);
        throw new DataException(Path.Combine(folder, $"imdb_{split}.tsv"), "not found (nor .xz / .gz, nor aclImdb/" + split + ")", Fix);
    }

    private static List<LabelledText> ReadTsv(string path)
    {
        var lines = DataFiles.ReadLines(path);
        if (lines.Count == 0 || lines[0] != "label\trating\tfile\ttext")
            throw new DataException(path, "has no 'label, rating, file, text' header", Fix);
        var rows = new List<LabelledText>(lines.Count - 1);
        for (int i = 1; i < lines.Count; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 4 || fields[0] is not ("0" or "1"))
                throw new DataException(path, $"line {i + 1} is malformed (expected 4 tab-separated fields, label 0 or 1)", Fix);
            rows.Add(new LabelledText(Unescape(fields[3]), fields[0][0] - '0'));
        }
        return rows;
    }

    private static List<LabelledText> ReadFolder(string folder)
    {
        var rows = new List<LabelledText>();
        foreach (var (name, label) in new[] { ("neg", 0), ("pos", 1) })
        {
            var classFolder = Path.Combine(folder, name);
            if (!Directory.Exists(classFolder)) throw new DataException(classFolder, "is missing", Fix);
            // Numeric id order (0_9.txt, 1_7.txt, ...), as the staged TSV.
            foreach (var file in Directory.GetFiles(classFolder, "*.txt").OrderBy(f => int.Parse(Path.GetFileName(f).Split('_')[0])))
                rows.Add(new LabelledText(File.ReadAllText(file), label));
        }
        return rows;
    }

    /// <summary>Reverses the TSV escaping: <c>\\</c>, <c>\t</c>, <c>\n</c>, <c>\r</c>.</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length) { text.Append(field[i]); continue; }
            text.Append(field[++i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var c => c });
        }
        return text.ToString();
    }
}
