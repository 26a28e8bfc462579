using System.Globalization;
using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Tests.Data;
using NUnit.Framework;

namespace BayesSparse.Tests.Cli;

/// <summary><c>predict --input FILE [--csv F]</c>: a file of texts classified, or scored by a language model, with a shipped model on either engine.</summary>
[TestFixture]
public sealed class PredictFileTests
{
    private static readonly string[] Texts =
        ["a wonderful film, brilliant acting and a moving story", "", "a dull, boring waste of time, the worst acting", "@home alone was great"];

    private static string Model() => RepositoryFiles.Path("models", "imdb-wgn.bsm");

    /// <summary>The texts, one per line (the second blank), in a scratch folder.</summary>
    private static (string Folder, string Input) Given()
    {
        var folder = DataFolders.Scratch();
        var input = Path.Combine(folder, "texts.txt");
        File.WriteAllLines(input, Texts);
        return (folder, input);
    }

    /// <summary>The CSV's rows as (line, class, p_negative, p_positive).</summary>
    private static List<(int Line, string Class, double Negative, double Positive)> Read(string csv)
    {
        var lines = File.ReadAllLines(csv);
        Assert.That(lines[0], Is.EqualTo("line,class,p_negative,p_positive"));
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), f[1],
            double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))];
    }

    [Test]
    public void Should_WriteOneRowPerText_When_PredictClassifiesAFile()
    {
        // Given three texts and a blank line, and the shipped classifier
        var (folder, input) = Given();
        var csv = Path.Combine(folder, "predictions.csv");

        // When predict classifies the file into a CSV
        var result = CliHarness.Run("predict", Model(), "--input", input, "--csv", csv);

        // Then each text has a row under its line number (the blank line none), with the engine's own probabilities
        Assert.That(result, Is.EqualTo((0, Array.Empty<string>())));
        var rows = Read(csv);
        Assert.That(rows.Select(r => (r.Line, r.Class)), Is.EqualTo(new[] { (1, "positive"), (3, "negative"), (4, "positive") }));
        var model = (CompressedTextClassifier)CompressedModel.Load(Model());
        var logits = model.Forward([.. new[] { Texts[0], Texts[2], Texts[3] }.Select(model.Encode)]);
        for (int i = 0; i < rows.Count; i++)
        {
            double positive = 1 / (1 + Math.Exp(logits[i][0] - logits[i][1]));
            Assert.That(rows[i].Positive, Is.EqualTo(positive).Within(1e-9), $"row {i}");
            Assert.That(rows[i].Negative + rows[i].Positive, Is.EqualTo(1).Within(1e-12), $"row {i}");
        }
    }

    [Test]
    public void Should_ClassifyAFileAsThePlainEngineDoes_When_TheModelRunsOnOnnxRuntime()
    {
        // Given the texts and the shipped classifier exported to ONNX
        var (folder, input) = Given();
        var onnx = Path.Combine(folder, "imdb-wgn.onnx");
        Assert.That(CliHarness.Run("compress", Model(), "--out", onnx).Code, Is.EqualTo(0));

        // When the file is classified by both engines
        var (plain, exported) = (Path.Combine(folder, "plain.csv"), Path.Combine(folder, "onnx.csv"));
        Assert.That(CliHarness.Run("predict", Model(), "--input", input, "--csv", plain).Code, Is.EqualTo(0));
        Assert.That(CliHarness.Run("predict", onnx, "--input", input, "--csv", exported).Code, Is.EqualTo(0));

        // Then the rows agree: same lines and classes, probabilities within 1e-5
        var (a, b) = (Read(plain), Read(exported));
        Assert.That(b.Select(r => (r.Line, r.Class)), Is.EqualTo(a.Select(r => (r.Line, r.Class))));
        Assert.That(b.Select(r => r.Positive), Is.EqualTo(a.Select(r => r.Positive)).Within(1e-5));
    }

    [Test]
    public void Should_ReadStandardInput_When_TheInputIsADash()
    {
        // Given the texts on standard input
        var csv = Path.Combine(DataFolders.Scratch(), "predictions.csv");
        var original = Console.In;
        Console.SetIn(new StringReader(string.Join('\n', Texts) + "\n"));
        try
        {
            // When predict reads --input -
            var result = CliHarness.Run("predict", Model(), "--input", "-", "--csv", csv);

            // Then the rows are those of the file
            Assert.That(result, Is.EqualTo((0, Array.Empty<string>())));
            Assert.That(Read(csv).Select(r => (r.Line, r.Class)), Is.EqualTo(new[] { (1, "positive"), (3, "negative"), (4, "positive") }));
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Test]
    public void Should_PrintATable_When_NoCsvIsAsked()
    {
        // When predict classifies the file without --csv
        var (_, input) = Given();
        var result = CliHarness.RunCapturing("predict", Model(), "--input", input);

        // Then it prints one row per text, with its line number and class
        Assert.That((result.Code, result.Errors), Is.EqualTo((0, Array.Empty<string>())));
        var rows = result.Output.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length == 4 && int.TryParse(cells[0], out _)).Select(cells => (cells[0], cells[1])).ToList();
        Assert.That(rows, Is.EqualTo(new[] { ("1", "positive"), ("3", "negative"), ("4", "positive") }));
    }

    [Test]
    public void Should_ScoreEachLineAsTheModelReadsIt_When_ALanguageModelGetsAFile()
    {
        // Given the first lines of the PTB slice's test split and the shipped PTB word model, also exported to ONNX
        var folder = DataFolders.Scratch();
        var input = Path.Combine(folder, "lines.txt");
        var lines = DataFiles.ReadLines(DataFiles.Require(DataFolders.Slices.Combine("ptb"), "ptb.test.txt", "the PTB slice")).Take(4).ToArray();
        File.WriteAllLines(input, lines);
        var path = RepositoryFiles.Path("models", "ptb-word-wgn.bsm");
        var onnx = Path.Combine(folder, "ptb-word-wgn.onnx");
        Assert.That(CliHarness.Run("compress", path, "--out", onnx).Code, Is.EqualTo(0));

        // When predict scores the file on both engines
        var (plain, exported) = (Path.Combine(folder, "plain.csv"), Path.Combine(folder, "onnx.csv"));
        Assert.That(CliHarness.Run("predict", path, "--input", input, "--csv", plain), Is.EqualTo((0, Array.Empty<string>())));
        Assert.That(CliHarness.Run("predict", onnx, "--input", input, "--csv", exported).Code, Is.EqualTo(0));

        // Then each line's row holds its words + 1 predictions (the line's end too) and the negative log-likelihood the
        // model gives them read after <eos>, as lines follow each other in training; the ONNX rows agree
        string[][] Rows(string csv) => [.. File.ReadAllLines(csv).Skip(1).Select(l => l.Split(','))];
        var model = (BayesSparse.Inference.CompressedLanguageModel)BayesSparse.Inference.CompressedModel.Load(path);
        var vocabulary = new BayesSparse.Text.Vocabulary(model.Words);
        int end = vocabulary.IdOf(PtbCorpus.EndOfSentence)!.Value;
        var (a, b) = (Rows(plain), Rows(exported));
        Assert.That(File.ReadLines(plain).First(), Is.EqualTo("line,predictions,nats,perplexity"));
        Assert.That(a.Select(r => r[0]), Is.EqualTo(new[] { "1", "2", "3", "4" }));
        for (int i = 0; i < lines.Length; i++)
        {
            var ids = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => vocabulary.IdOf(w) ?? vocabulary.IdOf("<unk>")!.Value).ToArray();
            double nats = model.Forward([[end, .. ids]]).NegativeLogLikelihood([[.. ids, end]]);
            Assert.That(int.Parse(a[i][1], CultureInfo.InvariantCulture), Is.EqualTo(ids.Length + 1), $"line {i + 1}");
            Assert.That(double.Parse(a[i][2], CultureInfo.InvariantCulture), Is.EqualTo(nats).Within(1e-6 * nats), $"line {i + 1}");
            Assert.That(double.Parse(b[i][2], CultureInfo.InvariantCulture), Is.EqualTo(nats).Within(1e-5 * nats), $"line {i + 1} on ONNX Runtime");
        }
    }

    [TestCase("pass --text T, or --input FILE", "--text", "a film", "--input", "{input}", TestName = "Should_Exit2_When_PredictGetsBothTextAndInput")]
    [TestCase("pass --text T, or --input FILE", TestName = "Should_Exit2_When_PredictGetsNeitherTextNorInput")]
    [TestCase("--csv writes one row per line of --input", "--text", "a film", "--csv", "{csv}", TestName = "Should_Exit2_When_PredictWritesACsvOfOneText")]
    [TestCase("does not exist", "--input", "{folder}/none.txt", "--csv", "{csv}", TestName = "Should_Exit2_When_TheInputFileIsMissing")]
    [TestCase("holds no text", "--input", "{folder}/blank.txt", "--csv", "{csv}", TestName = "Should_Exit2_When_TheInputFileIsBlank")]
    [TestCase("--words continues one --text", "--input", "{input}", "--words", "3", "--csv", "{csv}", TestName = "Should_Exit2_When_AFileIsAskedToBeContinued")]
    public void Should_Exit2AndLeaveTheCsvAlone_When_PredictsInputIsBad(string cause, params string[] args)
    {
        // Given the texts, a blank file and a CSV already there
        var (folder, input) = Given();
        File.WriteAllLines(Path.Combine(folder, "blank.txt"), ["", "  "]);
        var csv = Path.Combine(folder, "predictions.csv");
        File.WriteAllText(csv, "kept");
        var filled = args.Select(a => a.Replace("{input}", input).Replace("{csv}", csv).Replace("{folder}", folder));

        // When predict runs
        var result = CliHarness.Run(["predict", Model(), .. filled]);

        // Then it stops with one line and exit code 2, and the CSV is as it was
        CliHarness.AssertRefused(result, cause);
        Assert.That(File.ReadAllText(csv), Is.EqualTo("kept"));
    }
}
