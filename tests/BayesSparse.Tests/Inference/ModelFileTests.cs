using BayesSparse.Configuration;
using BayesSparse.Data;
using BayesSparse.Export;
using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Tests.Data;
using NUnit.Framework;
using static TorchSharp.torch;

namespace BayesSparse.Tests.Inference;

/// <summary>A compressed model file cannot lie: every damage is refused in one line that names the file.</summary>
[TestFixture]
public sealed class ModelFileTests
{
    private static TextClassificationData? _data;

    private static TextClassificationData Data => _data ??= TextClassificationData.Load("imdb", DataFolders.Slices, steps: 20);

    /// <summary>A small trained-looking classifier; <paramref name="poison"/> may change it before compression.</summary>
    private static CompressedTextClassifier Classifier(Action<TextClassifier>? poison = null)
    {
        manual_seed(5);
        using var model = new TextClassifier(new TextClassifierConfig(Data.Vocabulary.Count, 8, 6, 2, ModelKind.Original));
        poison?.Invoke(model);
        model.eval();
        using var _ = no_grad();
        return CompressedExport.Compress(model, Data.Vocabulary, 20, PaperTask.Imdb.Classes);
    }

    private static string Saved(CompressedModel model)
    {
        var path = Path.Combine(DataFolders.Scratch(), "model.bspz");
        model.Save(path);
        return path;
    }

    /// <summary>A classifier's file (valid checksum) whose vocabulary is <paramref name="words"/> instead of its own.</summary>
    private static string SavedWithWords(CompressedTextClassifier model, string[] words)
    {
        var path = Path.Combine(DataFolders.Scratch(), "model.bspz");
        ModelFile.Save(path, CompressedTextClassifier.KindTag, writer =>
        {
            model.Lstm.Write(writer);
            model.Output.Write(writer);
            ModelIO.WriteArray(writer, new float[model.Output.Rows]);
            ModelIO.WriteStrings(writer, words);
            writer.Write(20);
            ModelIO.WriteStrings(writer, model.Classes);
            writer.Write(0L);
        });
        return path;
    }

    private static void AssertRefused(string path, string expected)
    {
        var error = Assert.Throws<DataException>(() => CompressedModel.Load(path));
        Assert.That(error!.Message, Does.StartWith(path + ": ").And.Contain(expected).And.Contain("bayes-sparse compress").And.Not.Contain("\n"));
    }

    [Test]
    public void Should_LoadTheSameModel_When_FileIsIntact()
    {
        var model = Classifier();
        var loaded = (CompressedTextClassifier)CompressedModel.Load(Saved(model));
        var text = new[] { model.Encode("a good film") };
        Assert.That(loaded.Forward(text)[0], Is.EqualTo(model.Forward(text)[0]));
    }

    [TestCase(8, TestName = "Should_Refuse_When_ModelKindByteIsChanged")]
    [TestCase(200, TestName = "Should_Refuse_When_APayloadByteIsFlipped")]
    [TestCase(-1, TestName = "Should_Refuse_When_AChecksumByteIsFlipped")]
    public void Should_FailTheChecksum_When_AnyByteChanges(int offset)
    {
        var path = Saved(Classifier());
        var bytes = File.ReadAllBytes(path);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "fails its checksum");
    }

    [Test]
    public void Should_Refuse_When_BytesFollowTheEnd()
    {
        var path = Saved(Classifier());
        File.AppendAllText(path, "extra");

        AssertRefused(path, "has 5 bytes after its end");
    }

    [Test]
    public void Should_Refuse_When_FileIsTruncated()
    {
        var path = Saved(Classifier());
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^40]);

        AssertRefused(path, "is truncated");
    }

    [Test]
    public void Should_Refuse_When_PayloadIsNotReadToItsEnd()
    {
        // A file whose checksum is right but whose payload carries a byte the model does not read
        var model = Classifier();
        var path = Path.Combine(DataFolders.Scratch(), "model.bspz");
        ModelFile.Save(path, CompressedTextClassifier.KindTag, writer =>
        {
            using var buffer = new MemoryStream();
            model.Save(path + ".inner");
            var inner = File.ReadAllBytes(path + ".inner");
            writer.Write(inner.AsSpan(17, inner.Length - 17 - 32)); // the inner file's payload
            writer.Write((byte)0);
        });

        AssertRefused(path, "1 payload bytes were not read");
    }

    [Test]
    public void Should_Refuse_When_AWeightIsNaN()
    {
        var path = Saved(Classifier(model =>
        {
            using var _ = no_grad();
            model.named_parameters().Single(p => p.name == "dense.bias").parameter[0] = tensor(float.NaN);
        }));

        AssertRefused(path, "is NaN");
    }

    [Test]
    public void Should_Refuse_When_TheInputTableIsShorterThanTheVocabulary()
    {
        // A model whose vocabulary lists more words than its input table has rows
        var model = Classifier();
        var path = SavedWithWords(model, [.. model.Words, "one-word-too-many"]);

        AssertRefused(path, $"the input table has {model.Words.Count} rows for a vocabulary of {model.Words.Count + 1} words");
    }

    [Test]
    public void Should_Refuse_When_AClassifierHasNoVocabulary()
    {
        var path = SavedWithWords(Classifier(), []);

        AssertRefused(path, "a classifier without its vocabulary");
    }

    [Test]
    public void Should_Refuse_When_AGateSlotIsBelowMinusOne()
    {
        // A model whose first gate slot (a live row, or -1 for a constant gate) reads -2, saved with a valid checksum
        var model = Classifier();
        var slots = (int[])typeof(CompressedLstm).GetField("_slot", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(model.Lstm)!;
        slots[0] = -2;

        AssertRefused(Saved(model), "gate slot -2");
    }

    [Test]
    public void Should_Refuse_When_ADenseMatrixHasNegativeDimensions()
    {
        // An output matrix of -1 x -1 with one value (whose product with itself fills it)
        var model = Classifier();
        var path = Path.Combine(DataFolders.Scratch(), "model.bspz");
        ModelFile.Save(path, CompressedTextClassifier.KindTag, writer =>
        {
            model.Lstm.Write(writer);
            writer.Write(DenseMatrix.Tag);
            writer.Write(-1);
            writer.Write(-1);
            ModelIO.WriteArray(writer, new float[1]);
        });

        AssertRefused(path, "a dense matrix of -1x-1");
    }

    [Test]
    public void Should_Refuse_When_ThePayloadLengthIsNear2To63()
    {
        // A header claiming a payload of 2^63 - 10 bytes: the end check must not overflow
        var path = Saved(Classifier());
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(long.MaxValue - 10).CopyTo(bytes, 9);
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "is truncated");
    }
}
