using BayesSparse.Configuration;

namespace BayesSparse.Data.Download;

/// <summary>
/// The public originals of the paper's data sets (the hosts the authors and torchtext use; docs/data.md),
/// with the content md5s that <see cref="DataVerifier"/> checks.
/// </summary>
public static class DataCatalog
{
    /// <summary>The data sets that can be downloaded.</summary>
    public static readonly string[] DataSets = ["ptb", "imdb", "agnews"];

    /// <summary>
    /// <paramref name="names"/> as data sets, once each: a task's name stands for its data set
    /// (<see cref="PaperTask.DataSet"/>: ptb-word and ptb-char for ptb); an unknown name is an <see cref="ArgumentException"/>.
    /// </summary>
    public static List<string> Known(IEnumerable<string> names)
    {
        var chosen = names.Select(n => PaperTask.All.FirstOrDefault(t => t.Name == n)?.DataSet ?? n).Distinct().ToList();
        if (chosen.Except(DataSets).FirstOrDefault() is { } unknown)
            throw new ArgumentException($"unknown data set '{unknown}': use {string.Join(", ", DataSets)} (or a task: {string.Join(", ", PaperTask.Names)})");
        return chosen;
    }

    /// <summary>The built-in sources of <paramref name="dataSets"/> (all when empty), or the same file names under <paramref name="mirror"/>.</summary>
    public static IReadOnlyList<DataSource> Originals(IEnumerable<string> dataSets, Uri? mirror = null)
    {
        var chosen = Known(dataSets);
        var folder = mirror is null ? null : mirror.AbsoluteUri.EndsWith('/') ? mirror : new Uri(mirror.AbsoluteUri + "/");
        Uri At(string url) => folder is null ? new Uri(url) : new Uri(folder, Path.GetFileName(new Uri(url).LocalPath));
        string? Md5(string file) => DataVerifier.Expected.Single(e => e.File == file).Md5;
        DataMember Ptb(string file) => new($"simple-examples/data/{file}", $"ptb/{file}", Md5(file));
        var all = new List<DataSource>
        {
            new("ptb", At("http://www.fit.vutbr.cz/~imikolov/rnnlm/simple-examples.tgz"), null,
                [.. new[] { "train", "valid", "test" }.SelectMany(s => new[] { Ptb($"ptb.{s}.txt"), Ptb($"ptb.char.{s}.txt") })]),
            new("imdb", At("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"), null, [new("aclImdb/", "imdb/aclImdb")]),
            new("agnews", At("https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv"), null,
                [new("", "agnews/train.csv", Md5("train.csv"))]),
            new("agnews", At("https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/test.csv"), null,
                [new("", "agnews/test.csv", Md5("test.csv"))]),
        };
        return [.. all.Where(s => chosen.Count == 0 || chosen.Contains(s.DataSet))];
    }
}
