using System.Diagnostics;
using BayesSparse.Data;
using BayesSparse.Text;

namespace BayesSparse.Benchmarks;

/// <summary>Times reading and tokenising the IMDb train split (target: under 10 s on 2 cores).</summary>
public static class DataLoadingBenchmark
{
    /// <summary>Runs the measurement once after a warm-up verification (so the checksum cache is filled).</summary>
    public static DataLoadingTiming Run(DataDirectory data)
    {
        DataVerifier.Require(data, "imdb");
        var clock = Stopwatch.StartNew();
        var rows = ImdbReader.Read(data, "train");
        long tokens = rows.Sum(r => (long)TextTokenizer.Tokenize(r.Text).Length);
        return new DataLoadingTiming("imdb train: read + tokenise", rows.Count, tokens, clock.Elapsed.TotalSeconds);
    }
}
