using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Tests.Cli;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

/// <summary>
/// <c>models/imdb-wgn.bsm</c>, the IMDb W+G+N classifier shipped with the repository (models/README.md), works on a
/// fresh clone: it loads, classifies real reviews, and the CLI runs it.
/// </summary>
[TestFixture]
public sealed class ShippedModelTests
{
    private static string ModelPath() => RepositoryFiles.Path("models", "imdb-wgn.bsm");

    [TestCase("imdb-wgn.bsm", 34, TestName = "Should_ClassifyRealReviews_When_TheHundredEpochModelIsLoadedFromTheRepository")]
    [TestCase("imdb-wgn-e800.bsm", 4, TestName = "Should_ClassifyRealReviews_When_TheEightHundredEpochModelIsLoadedFromTheRepository")]
    public void Should_ClassifyRealReviews_When_LoadedFromTheRepository(string file, int hidden)
    {
        // Given a shipped model and the 120 test reviews of the IMDb slice (both classes)
        var path = RepositoryFiles.Path("models", file);
        var model = (CompressedTextClassifier)CompressedModel.Load(path);
        var reviews = ImdbReader.Read(DataFolders.Slices, "test");

        // When each is classified
        var logits = model.Forward(reviews.Select(r => model.Encode(r.Text)).ToList());
        double accuracy = reviews.Zip(logits).Count(p => (p.Second[1] > p.Second[0] ? 1 : 0) == p.First.Label) / (double)reviews.Count;

        // Then it is the small model of its committed run (82.7% and 83.0% on the full test set) and far above chance here
        Assert.That((model.Classes, model.Hidden), Is.EqualTo((new[] { "negative", "positive" }, hidden)));
        Assert.That(new FileInfo(path).Length, Is.LessThan(2_000_000));
        Assert.That(accuracy, Is.GreaterThan(0.7));
    }

    [TestCase("a wonderful film, brilliant acting and a moving story", "positive")]
    [TestCase("a dull, boring waste of time, the worst acting", "negative")]
    [TestCase("@home alone was great", "positive")] // text, not a response file
    public void Should_PrintClassProbabilities_When_PredictRunsTheShippedModel(string text, string likelier)
    {
        // When 'predict' runs the shipped model on a review
        var result = CliHarness.RunCapturing("predict", ModelPath(), "--text", text);

        // Then it succeeds without a word on stderr and prints both classes' probabilities, summing to 1, the likelier first
        Assert.That((result.Code, result.Errors), Is.EqualTo((0, Array.Empty<string>())));
        var rows = result.Output.Split('\n').Select(line => line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length == 2 && double.TryParse(cells[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(cells => (Class: cells[0], P: double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.That(rows.Select(r => r.Class), Is.EquivalentTo(new[] { "positive", "negative" }));
        Assert.That(rows.Sum(r => r.P), Is.EqualTo(1).Within(0.002));
        Assert.That(rows[0].Class, Is.EqualTo(likelier));
        Assert.That(rows[0].P, Is.GreaterThan(0.5));
    }

    [Test]
    public void Should_Refuse_When_BenchTimesTheShippedClassifierAsALanguageModel()
    {
        // When the inference benchmark is given the classifier for a language-model task
        var result = CliHarness.Run("bench", "inference", "--task", "ptb-word", "--model", ModelPath());

        // Then it stops with one line naming the mismatch
        CliHarness.AssertRefused(result, "holds a text classifier, not a ptb-word model");
    }
}
