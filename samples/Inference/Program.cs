// Runs a compressed model with the BayesSparse.Inference package alone: no TorchSharp, no libtorch.
// Usage: dotnet run --project samples/Inference -- MODEL_FILE "some text" ["more text" ...]
using BayesSparse.Inference;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Inference MODEL_FILE TEXT [TEXT ...]");
    return 2;
}
var model = CompressedModel.Load(args[0]) as CompressedTextClassifier
            ?? throw new ArgumentException($"{args[0]} is not a text classifier");
var logits = model.Forward(args[1..].Select(model.Encode).ToList());
foreach (var (text, scores) in args[1..].Zip(logits))
    Console.WriteLine($"{model.Classes[Array.IndexOf(scores, scores.Max())]}\t{text}");

// The point of this package: nothing of libtorch came along.
var torch = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name!).Where(n => n.StartsWith("TorchSharp")).ToList();
var natives = Directory.GetFiles(AppContext.BaseDirectory, "*torch*").Select(Path.GetFileName).ToList();
if (torch.Count > 0 || natives.Count > 0)
{
    Console.Error.WriteLine($"libtorch came along: {string.Join(", ", torch.Concat(natives))}");
    return 1;
}
Console.WriteLine($"{model.Hidden} hidden neurons, {model.LiveGates} non-constant gates; no TorchSharp or libtorch loaded or shipped");
return 0;
