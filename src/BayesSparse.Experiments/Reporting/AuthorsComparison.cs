using BayesSparse.Experiments;

namespace BayesSparse.Reporting;

/// <summary>
/// Runs beside the authors' own log of the same task and model (<see cref="AuthorsCurves"/>) at chosen epochs: validation
/// quality, compression, hidden neurons and non-constant gates (and test quality where the run read it), each against the
/// authors' logged epoch nearest to it (they logged IMDb every 20 epochs and AGNews every 5, the language models every
/// epoch), or against the one at equal compression.
/// </summary>
public static class AuthorsComparison
{
    /// <summary>Compares each of <paramref name="runs"/> (run folders) with the authors' <paramref name="task"/>/<paramref name="model"/> log.</summary>
    /// <param name="runs">Run folders.</param>
    /// <param name="task">The task.</param>
    /// <param name="model">The model.</param>
    /// <param name="epochs">The runs' epochs to compare at.</param>
    /// <param name="curves">The authors' logs.</param>
    /// <param name="equalCompressionFrom">Null: each epoch against the authors' logged epoch nearest to it. An epoch: against
    /// their first logged epoch from this one on whose compression has reached the run's
    /// (<see cref="AuthorsCurves.ReachingCompression"/>); an epoch at a compression theirs never reaches has no row.</param>
    /// <exception cref="ArgumentException">No log for the task and model, a run has not reached an epoch, or the log ends before
    /// <paramref name="equalCompressionFrom"/>.</exception>
    public static IReadOnlyList<AuthorsComparisonRow> Compare(IReadOnlyList<string> runs, string task, string model, IReadOnlyList<int> epochs,
        AuthorsCurves curves, int? equalCompressionFrom = null)
    {
        if (curves.Curve(task, model).Count == 0) throw new ArgumentException($"no authors' log of {task}/{model} in experiments/anchor-curves");
        if (equalCompressionFrom > curves.LastEpoch(task, model))
            throw new ArgumentException($"the authors' {task}/{model} log ends at epoch {curves.LastEpoch(task, model)}, before epoch {equalCompressionFrom}");
        double scale = AuthorsCurves.QualityScale(task);
        var rows = new List<AuthorsComparisonRow>();
        foreach (var log in runs.Select(SeedComparison.Read))
            foreach (var epoch in epochs)
            {
                var ours = SeedComparison.At(log, epoch);
                var theirs = equalCompressionFrom is { } firstEpoch
                    ? curves.ReachingCompression(task, model, ours.Compression, firstEpoch)
                    : curves.Nearest(task, model, epoch);
                if (theirs is null) continue;
                rows.Add(new AuthorsComparisonRow(log.Folder, epoch, ours.ValidQuality, ours.Compression, ours.HiddenNeurons ?? 0, ours.Gates,
                    theirs.Epoch, theirs.Valid * scale, theirs.Compression, theirs.Hidden, theirs.Gates,
                    ours.ValidQuality - theirs.Valid * scale, ours.Compression / theirs.Compression,
                    ours.TestQuality, theirs.Test * scale, ours.TestQuality - theirs.Test * scale));
            }
        return rows;
    }
}
