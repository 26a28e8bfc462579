using BayesSparse.Experiments;
using BayesSparse.Reporting;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Reporting;

[TestFixture]
public sealed class AuthorsComparisonTests
{
    private static readonly AuthorsCurves.Point Logged20 = new(20, 24, 0.80, 0.79, 500, 60, 90), Logged40 = new(40, 24, 0.82, 0.81, 1000, 40, 70);

    /// <summary>An anchor-curves folder holding <paramref name="points"/> as the authors' <paramref name="file"/>, and a
    /// run folder whose epochs.csv has <paramref name="epochs"/> epochs: valid 60 + e, compression 25 e, 130 - e hidden, 100 - e gates,
    /// and a test reading of 50 + e every 20 epochs.</summary>
    private static (string Anchors, string Run) Logs(string file, AuthorsCurves.Point[] points, int epochs)
    {
        var anchors = Path.Combine(DataFolders.Scratch(), "anchors");
        CsvFiles.Write(Path.Combine(anchors, file + ".csv"), points);
        var run = Path.Combine(DataFolders.Scratch(), "run");
        CsvFiles.Write(Path.Combine(run, "epochs.csv"),
            Enumerable.Range(1, epochs).Select(e => new EpochLogRow(e, 1, 1, 60 + e, 25.0 * e, $"300-{130 - e}", 100 - e, 1,
                TestQuality: e % 20 == 0 ? 50 + e : null)));
        return (anchors, run);
    }

    [Test]
    public void Should_SetEachEpochBesideTheAuthorsNearestLoggedOne_InTheRunsUnits()
    {
        // Given the authors' IMDb W+G+N log every 20 epochs (accuracy as a fraction) and a run's log of 21 epochs (in percent)
        var (anchors, run) = Logs("IMDB_LLLLLL", [Logged20, Logged40], 21);

        // When the run is compared with them at epochs 21 and 10
        var rows = AuthorsComparison.Compare([run], "imdb", "wgn", [21, 10], AuthorsCurves.Load(anchors));

        // Then each epoch meets the nearest logged one, with accuracy in percent, the differences and the hidden neurons of "x-h"
        Assert.That(rows.Select(r => (r.Epoch, r.AuthorsEpoch)), Is.EqualTo(new[] { (21, 20), (10, 20) }));
        var r21 = rows[0];
        Assert.That((r21.Valid, r21.AuthorsValid, r21.ValidDifference), Is.EqualTo((81.0, 80.0, 1.0)).Within(1e-9));
        Assert.That((r21.Compression, r21.CompressionRatio, r21.Hidden, r21.Gates, r21.AuthorsHidden), Is.EqualTo((525.0, 1.05, 109L, 79L, 60L)));
        // and the test stands beside theirs where the run read one (epoch 20), only theirs elsewhere
        Assert.That((r21.Test, r21.AuthorsTest, r21.TestDifference), Is.EqualTo(((double?)null, 79.0, (double?)null)));
        var r20 = AuthorsComparison.Compare([run], "imdb", "wgn", [20], AuthorsCurves.Load(anchors))[0];
        Assert.That((r20.Test, r20.AuthorsTest, r20.TestDifference), Is.EqualTo(((double?)70.0, 79.0, (double?)-9.0)));
        // and an epoch the run has not reached, or a model without a log, is refused
        Assert.Throws<ArgumentException>(() => AuthorsComparison.Compare([run], "imdb", "wgn", [22], AuthorsCurves.Load(anchors)));
        Assert.Throws<ArgumentException>(() => AuthorsComparison.Compare([run], "imdb", "wn", [1], AuthorsCurves.Load(anchors)));
    }

    [Test]
    public void Should_SetEachEpochBesideTheAuthorsFirstAtItsCompression_When_EqualCompressionIsAsked()
    {
        // Given a run of 41 epochs (compression 25 e) and two authors' logs: IMDb's compression rising, PTB word's falling
        // from epoch 10 on (their epoch 5 is below everything, as a log's first epochs are before the curve turns)
        var (imdb, run) = Logs("IMDB_LLLLLL", [Logged20, Logged40], 41);
        var ptb = Path.Combine(DataFolders.Scratch(), "ptb-anchors");
        CsvFiles.Write(Path.Combine(ptb, "Word_PTB_lcrl.csv"), new AuthorsCurves.Point[]
            { new(5, 1, 300, 290, 10, 256, 1000), new(10, 1, 200, 190, 1000, 200, 700), new(20, 1, 150, 140, 600, 180, 500), new(30, 1, 140, 130, 300, 150, 400) });

        // When it is compared with each at equal compression, their epochs from 10 on
        int[] Matched(string task, string model, string anchors, params int[] epochs) =>
            [.. AuthorsComparison.Compare([run], task, model, epochs, AuthorsCurves.Load(anchors), equalCompressionFrom: 10).Select(r => r.AuthorsEpoch)];

        // Then each epoch meets their first logged epoch whose compression has gone at least as far as the run's, the way
        // their curve goes, and an epoch at a compression theirs never reaches has no row
        Assert.That(Matched("imdb", "wgn", imdb, 20, 30, 41), Is.EqualTo(new[] { 20, 40 }));   // 500x -> their 500x, 750x -> 1000x, 1025x: none
        Assert.That(Matched("ptb-word", "wn", ptb, 20, 30, 4), Is.EqualTo(new[] { 30, 20 }));   // 500x -> their 300x, 750x -> 600x, 100x: none
        var row = AuthorsComparison.Compare([run], "ptb-word", "wn", [30], AuthorsCurves.Load(ptb), equalCompressionFrom: 10)[0];
        Assert.That((row.AuthorsValid, row.ValidDifference, row.CompressionRatio), Is.EqualTo((150.0, -60.0, 1.25)).Within(1e-9));
        // and a first epoch past their log's end is refused
        Assert.Throws<ArgumentException>(() => AuthorsComparison.Compare([run], "ptb-word", "wn", [30], AuthorsCurves.Load(ptb), equalCompressionFrom: 31));
    }

    [Test]
    public void Should_DrawTheRunsOverTheAuthorsCurve_When_AFigureIsAsked()
    {
        // Given the authors' IMDb W+N log, written out of order, and a run's log of 40 epochs
        var (anchors, run) = Logs("IMDB_LLLCLL", [Logged40, Logged20], 40);
        var curves = AuthorsCurves.Load(anchors);
        var png = Path.Combine(DataFolders.Scratch(), "curves.png");

        // When the figure is drawn
        AuthorsCurveFigure.Save([run], "imdb", "wn", curves, png);

        // Then the authors' curve is read in epoch order and the figure is a 900 x 760 PNG (its IHDR width and height)
        Assert.That(curves.Curve("imdb", "wn").Select(p => p.Epoch), Is.EqualTo(new[] { 20, 40 }));
        var bytes = File.ReadAllBytes(png);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That((System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))),
            Is.EqualTo((900, 760)));
        // and a model without a log is refused before anything is written
        var none = Path.Combine(DataFolders.Scratch(), "none.png");
        Assert.Throws<ArgumentException>(() => AuthorsCurveFigure.Save([run], "imdb", "wgn", curves, none));
        Assert.That(File.Exists(none), Is.False);
    }
}
