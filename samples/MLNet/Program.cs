// Scores text with a compressed classifier in an ML.NET pipeline: the model is exported to ONNX (BayesSparse.Onnx),
// ML.NET's ApplyOnnxModel runs it, a PredictionEngine scores reviews, and the scores must equal the plain-.NET
// runtime's (what 'bayes-sparse predict' prints).
// Usage: dotnet run --project samples/MLNet -- MODEL_FILE "some text" ["more text" ...]
using BayesSparse.Inference;
using BayesSparse.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MLNet MODEL_FILE TEXT [TEXT ...]");
    return 2;
}
var model = CompressedModel.Load(args[0]) as CompressedTextClassifier ?? throw new ArgumentException($"{args[0]} is not a text classifier");
var onnxPath = Path.Combine(Path.GetTempPath(), $"bayes-sparse-{Environment.ProcessId}.onnx");
OnnxExport.Save(model, onnxPath);

// Text -> ids (the model's own encoding, padded to its document length with -1) -> the ONNX graph -> logits.
var ml = new MLContext();
var encodedSchema = SchemaDefinition.Create(typeof(EncodedReview));
encodedSchema["ids"].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, model.Steps);   // a fixed length, as the graph's input
var pipeline = ml.Transforms.CustomMapping((Review review, EncodedReview encoded) => encoded.Ids = Padded(model.Encode(review.Text), model.Steps),
        contractName: null, outputSchemaDefinition: encodedSchema)
    .Append(ml.Transforms.ApplyOnnxModel(["logits"], ["ids"], onnxPath,
        shapeDictionary: new Dictionary<string, int[]> { ["ids"] = [1, model.Steps], ["logits"] = [1, model.Classes.Count] },
        gpuDeviceId: null, fallbackToCpu: false, recursionLimit: 100));
var transformer = pipeline.Fit(ml.Data.LoadFromEnumerable(Array.Empty<Review>()));
using var engine = ml.Model.CreatePredictionEngine<Review, Scores>(transformer);

int disagreements = 0;
foreach (var text in args[1..])
{
    var scores = engine.Predict(new Review { Text = text }).Logits;
    var expected = model.Forward([model.Encode(text)])[0];
    double gap = scores.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
    if (gap > 1e-4) disagreements++;
    Console.WriteLine($"{model.Classes[Array.IndexOf(scores, scores.Max())]}\t[{string.Join(", ", scores.Select(s => s.ToString("F4")))}]\t(plain .NET differs by {gap:E1})\t{text}");
}
File.Delete(onnxPath);
return disagreements == 0 ? 0 : 1;

static long[] Padded(int[] ids, int steps)
{
    var padded = Enumerable.Repeat(-1L, steps).ToArray();
    for (int t = 0; t < ids.Length; t++) padded[t] = ids[t];
    return padded;
}

/// <summary>The pipeline's input row.</summary>
public sealed class Review
{
    /// <summary>The text to classify.</summary>
    public string Text { get; set; } = "";
}

/// <summary>The encoded row the ONNX graph reads.</summary>
public sealed class EncodedReview
{
    /// <summary>The ids, padded with -1.</summary>
    [ColumnName("ids"), VectorType]
    public long[] Ids { get; set; } = [];
}

/// <summary>The pipeline's output row.</summary>
public sealed class Scores
{
    /// <summary>Class logits, by label.</summary>
    [ColumnName("logits")]
    public float[] Logits { get; set; } = [];
}
