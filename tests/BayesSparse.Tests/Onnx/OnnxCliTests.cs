using BayesSparse.Inference;
using BayesSparse.Onnx;
using BayesSparse.Tests.Cli;
using BayesSparse.Tests.Data;
using Google.Protobuf;
using NUnit.Framework;

namespace BayesSparse.Tests.Onnx;

/// <summary><c>compress ... --out FILE.onnx</c> and <c>predict FILE.onnx</c>, on the shipped model, and the refusal of a bad file.</summary>
[TestFixture]
public sealed class OnnxCliTests
{
    private static readonly string Shipped = RepositoryFiles.Path("models", "imdb-wgn.bsm");

    private const string Review = "a wonderful film, brilliant acting and a moving story";

    [Test]
    public void Should_PrintWhatTheShippedModelPrints_When_ItsOnnxExportPredicts()
    {
        // Given the shipped classifier converted to ONNX by 'compress'
        var onnx = Path.Combine(DataFolders.Scratch(), "imdb-wgn.onnx");
        var converted = CliHarness.Run("compress", Shipped, "--out", onnx);
        Assert.That(converted, Is.EqualTo((0, Array.Empty<string>())));

        // When both files classify the same review
        var fromOnnx = CliHarness.RunCapturing("predict", onnx, "--text", Review);
        var fromBsm = CliHarness.RunCapturing("predict", Shipped, "--text", Review);

        // Then both succeed and print the same table, and the ONNX logits are the runtime's to 1e-5
        Assert.That((fromOnnx.Code, fromOnnx.Errors), Is.EqualTo((0, Array.Empty<string>())));
        Assert.That(fromOnnx.Output, Is.EqualTo(fromBsm.Output).And.Contain("positive"));
        var model = (CompressedTextClassifier)CompressedModel.Load(Shipped);
        using var session = OnnxSequenceModel.Load(onnx);
        Assert.That(session.Classify([session.Encode(Review)])[0], Is.EqualTo(model.Forward([model.Encode(Review)])[0]).Within(1e-5f));
    }

    [Test]
    public void Should_RefuseInOneLine_When_TheOnnxFileIsDamaged()
    {
        // Given an export cut short, a valid ONNX model that BayesSparse did not write (no metadata), and a classifier's
        // graph labelled a language model
        var exported = Path.Combine(DataFolders.Scratch(), "damaged.onnx");
        OnnxExport.Save(CompressedModel.Load(Shipped), exported);
        var bytes = File.ReadAllBytes(exported);
        File.WriteAllBytes(exported, bytes[..(bytes.Length / 2)]);
        var foreign = Path.Combine(DataFolders.Scratch(), "foreign.onnx");
        var model = OnnxExport.ToOnnx(SyntheticModels.Classifier(GateActivation.Sigmoid, SyntheticModels.Gates.Mixed, csr: false));
        model.MetadataProps.Clear();
        File.WriteAllBytes(foreign, model.ToByteArray());

        var mislabelled = Path.Combine(DataFolders.Scratch(), "mislabelled.onnx");
        model.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = OnnxMetadata.Kind, Value = OnnxMetadata.LanguageModel });
        File.WriteAllBytes(mislabelled, model.ToByteArray());

        // When 'predict' reads them, Then each is refused with exit code 2 and one line naming the file and the cause
        CliHarness.AssertRefused(CliHarness.Run("predict", exported, "--text", Review), $"{exported}: is not a readable ONNX model");
        CliHarness.AssertRefused(CliHarness.Run("predict", foreign, "--text", Review), $"{foreign}: has no 'bayessparse.kind' metadata");
        CliHarness.AssertRefused(CliHarness.Run("predict", "missing.onnx", "--text", Review), "missing.onnx: does not exist");
        CliHarness.AssertRefused(CliHarness.Run("predict", mislabelled, "--text", Review), $"{mislabelled}: says it is a language-model but its graph does not read ids, h0, c0");
    }

    [Test]
    public void Should_ContinueAsTheShippedLanguageModelDoes_When_ItsOnnxExportPredicts()
    {
        // Given the shipped PTB word model converted to ONNX
        var bsm = RepositoryFiles.Path("models", "ptb-word-wgn.bsm");
        var onnx = Path.Combine(DataFolders.Scratch(), "ptb-word-wgn.onnx");
        Assert.That(CliHarness.Run("compress", bsm, "--out", onnx), Is.EqualTo((0, Array.Empty<string>())));

        // When both continue the same text by five words
        var fromOnnx = CliHarness.RunCapturing("predict", onnx, "--text", "the company said", "--words", "5");
        var fromBsm = CliHarness.RunCapturing("predict", bsm, "--text", "the company said", "--words", "5");

        // Then both print the text and the same five words
        Assert.That((fromOnnx.Code, fromOnnx.Errors), Is.EqualTo((0, Array.Empty<string>())));
        Assert.That(fromOnnx.Output, Is.EqualTo(fromBsm.Output).And.StartWith("the company said | "));
        Assert.That(fromOnnx.Output.Split('|')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(5));
    }

    [Test]
    public void Should_Refuse_When_AModelFileIsGivenWithDataDir()
    {
        // When 'compress' is asked to measure test quality of a model file, which has no run config
        var output = Path.Combine(DataFolders.Scratch(), "never.onnx");
        var result = CliHarness.Run("compress", Shipped, "--out", output, "--data-dir", "data");

        // Then it is refused in one line and nothing is written
        CliHarness.AssertRefused(result, "--data-dir measures a run's test quality");
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void Should_RefuseInOneLine_When_ONNXRuntimeCannotRunTheGraph()
    {
        // Given an export whose id-to-row map was changed to point past the input table (it loads, but cannot run)
        var model = OnnxExport.ToOnnx(SyntheticModels.Classifier(GateActivation.Sigmoid, SyntheticModels.Gates.Mixed, csr: false));
        var rowOf = model.Graph.Initializer.Single(t => t.Name.Contains("row_of"));
        rowOf.RawData = ByteString.CopyFrom(Enumerable.Repeat(1_000_000L, (int)rowOf.Dims[0]).SelectMany(BitConverter.GetBytes).ToArray());
        var path = Path.Combine(DataFolders.Scratch(), "tampered.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        // When 'predict' classifies a text with it
        var result = CliHarness.Run("predict", path, "--text", "w5 w6 w7");

        // Then it is refused with exit code 2 and one line naming the file
        CliHarness.AssertRefused(result, $"{path}: could not be run by ONNX Runtime");
    }
}
