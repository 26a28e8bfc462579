using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Tests.Cli;
using BayesSparse.Tests.Data;
using BayesSparse.Text;
using NUnit.Framework;

namespace BayesSparse.Tests.Inference;

/// <summary>
/// The models shipped with the repository (models/README.md) work on a fresh clone: the IMDb W+G+N classifiers load and
/// classify real reviews, the CLI runs them, and the PTB word language model predicts held-out text.
/// </summary>
[TestFixture]
public sealed class ShippedModelTests
{
    /// <summary>
    /// The shipped language model's bound on the PTB slice's test split, below what an undertrained model reads there
    /// (models/README.md). The slice keeps only lines of words from its first 1,000 train lines (data-slices/README.md),
    /// so it reads far lower than the full split.
    /// </summary>
    private const double MaxSlicePerplexity = 55;

    private static string ModelPath() => RepositoryFiles.Path("models", "imdb-wgn.bsm");

    [TestCase("imdb-wgn.bsm", 34, TestName = "Should_ClassifyRealReviews_When_TheHundredEpochModelIsLoadedFromTheRepository")]
    [TestCase("imdb-wgn-e800.bsm", 5, TestName = "Should_ClassifyRealReviews_When_TheEightHundredEpochModelIsLoadedFromTheRepository")]
    public void Should_ClassifyRealReviews_When_LoadedFromTheRepository(string file, int hidden)
    {
        // Given a shipped model and the 120 test reviews of the IMDb slice (both classes)
        var path = RepositoryFiles.Path("models", file);
        var model = (CompressedTextClassifier)CompressedModel.Load(path);
        var reviews = ImdbReader.Read(DataFolders.Slices, "test");

        // When each is classified
        var logits = model.Forward(reviews.Select(r => model.Encode(r.Text)).ToList());
        double accuracy = reviews.Zip(logits).Count(p => (p.Second[1] > p.Second[0] ? 1 : 0) == p.First.Label) / (double)reviews.Count;

        // Then it is the small model of its committed run (82.7% and 83.5% on the full test set) and far above chance here
        Assert.That((model.Classes, model.Hidden), Is.EqualTo((new[] { "negative", "positive" }, hidden)));
        Assert.That(new FileInfo(path).Length, Is.LessThan(2_000_000));
        Assert.That(accuracy, Is.GreaterThan(0.7));
    }

    [Test]
    public void Should_PredictHeldOutText_When_TheShippedLanguageModelIsLoadedFromTheRepository()
    {
        // Given the shipped PTB word model and the test split of the PTB slice (2,059 words and their <eos>), in its ids
        var model = (CompressedLanguageModel)CompressedModel.Load(RepositoryFiles.Path("models", "ptb-word-wgn.bsm"));
        var slice = PtbCorpus.LoadWords(DataFolders.Slices);
        var vocabulary = new Vocabulary(model.Words);
        var ids = slice.Test.Select(id => vocabulary.IdOf(slice.Vocabulary.Words[id]) ?? throw new AssertionException($"'{slice.Vocabulary.Words[id]}' is not in the model's vocabulary")).ToArray();

        // When it reads the text in windows of 128 words, its state carried over, scoring each next word
        var state = model.NewState();
        LanguageModelLogits? logits = null;
        double nats = 0;
        for (int first = 0; first + 1 < ids.Length; first += 128)
        {
            int steps = Math.Min(128, ids.Length - 1 - first);
            logits = model.Forward([ids[first..(first + steps)]], state, logits);
            nats += logits.NegativeLogLikelihood([ids[(first + 1)..(first + 1 + steps)]]);
        }
        double perplexity = Math.Exp(nats / (ids.Length - 1));

        // Then it is the small model of the 150-epoch run and predicts as well as that run's end (models/README.md)
        Assert.That((model.Vocabulary, model.Hidden, model.LiveGates), Is.EqualTo((10_000, 113, 204)));
        Assert.That(perplexity, Is.LessThan(MaxSlicePerplexity));
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

    [Test]
    public void Should_Refuse_When_PredictIsAskedToGenerateWordsWithTheShippedClassifier()
    {
        // When predict is given --words, which only a language model uses, with the classifier
        var result = CliHarness.Run("predict", ModelPath(), "--text", "a fine film", "--words", "3");

        // Then it stops with one line instead of ignoring the option
        CliHarness.AssertRefused(result, "imdb-wgn.bsm is a text classifier");
    }
}
