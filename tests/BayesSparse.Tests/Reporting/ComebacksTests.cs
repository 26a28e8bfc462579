using BayesSparse.Experiments;
using BayesSparse.Reporting;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Reporting;

[TestFixture]
public sealed class ComebacksTests
{
    [Test]
    public void Should_CountWhatEachKWouldCutAndLose_When_AGroupFlickers()
    {
        // Given a group whose entry A is unused at epochs 1-3 and used again at 4, and whose entry B is unused at 2-4
        StructureLogRow Row(int epoch, string cameBackAfter, string unusedFor) => new(epoch, "lstm.hidden", 10, 0, 0, 0, cameBackAfter, unusedFor);
        var log = new[] { Row(1, "", "1:1"), Row(2, "", "1:1 2:1"), Row(3, "", "2:1 3:1"), Row(4, "3:1", "3:1") };

        // When K = 1 ... 4 are read
        var rows = Comebacks.Count(log, 4);

        // Then K = 1, 2, 3 would cut both (one of which, A, came back after 3 epochs) and K = 4 cuts neither
        Assert.That(rows.Select(r => (r.K, r.StreaksReachingK, r.CameBackAfterKOrMore)),
            Is.EqualTo(new[] { (1, 2L, 1L), (2, 2L, 1L), (3, 2L, 1L), (4, 0L, 0L) }));
        Assert.That(rows.Select(r => r.ShareLost), Is.EqualTo(new double?[] { 0.5, 0.5, 0.5, null }));
    }

    [Test]
    public void Should_ReadTheCommittedObservingRun_When_ChoosingK()
    {
        // When the committed observing IMDb run (20 epochs, nothing cut) is read
        var rows = Comebacks.Count(Comebacks.Read(RepositoryFiles.Path("experiments", "compaction", "results", "imdb", "observe-seed1")), 10);

        // Then the numbers docs/results.md quotes for K = 5 come out: 267 of 19,530 words and 31 of 374 gate rows came back
        var k5 = rows.Where(r => r.K == 5).ToDictionary(r => r.Group, r => (r.StreaksReachingK, r.CameBackAfterKOrMore));
        Assert.That(k5["embedding.vocabulary"], Is.EqualTo((19_530L, 267L)));
        Assert.That(k5["lstm.gates"], Is.EqualTo((374L, 31L)));
    }

    [Test]
    public void Should_NameTheMissingLog_When_TheRunDidNotCount()
    {
        // Given a folder without structure.csv, Then reading it names the file and how a run writes it
        var folder = DataFolders.Scratch();
        Assert.That(() => Comebacks.Read(folder), Throws.ArgumentException.With.Message.Contains("structure.csv not found").And.Message.Contains("training.compact_after"));
    }
}
