using System.CommandLine;
using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using BayesSparse.Onnx;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>compress</c> and <c>predict</c>: ship a trained model without libtorch.</summary>
public static class CompressCommand
{
    /// <summary>Builds <c>compress RUN_DIR|MODEL.bsm --out MODEL(.bsm|.onnx) [--data-dir D]</c>.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train', or a compressed model file to convert" };
        var output = CommonOptions.OutputFile("--out", "The compressed model file: BayesSparse's own format (.bsm) or ONNX (.onnx)",
            ".bsm", ".onnx");
        output.Required = true;
        var dataDir = CommonOptions.DataDir();
        dataDir.Description = "Also measure the compressed model's test quality on this data folder (plain .NET)";
        var command = new Command("compress", "Drop removed neurons and vocabulary, fold z, precompute constant gates; store each matrix dense or CSR.")
            { runDir, output, dataDir };
        command.SetAction(parse =>
        {
            var (source, path) = (parse.GetValue(runDir)!, parse.GetValue(output)!);
            var run = File.Exists(source) ? null : TrainedRun.Open(source);
            if (run is null && parse.GetValue(dataDir) is not null) throw new ArgumentException("--data-dir measures a run's test quality: pass the run folder, not a model file");
            var model = run is null ? CompressedModel.Load(source) : RunCompression.Compress(run);
            // Measured before the file is written: a data folder without the task's files leaves no model behind.
            double? quality = run is not null && parse.GetValue(dataDir) is { } data
                ? RunCompression.TestQuality(model, run.Config, BayesSparse.Data.DataDirectory.Resolve(data))
                : null;
            if (IsOnnx(path)) OnnxExport.Save(model, path);
            else model.Save(path);
            AnsiConsole.MarkupLine($"{model.Hidden} hidden neurons, {model.LiveGates} non-constant gates; {Markup.Escape(model.Layout)} -> " +
                $"{Markup.Escape(path)} ({new FileInfo(path).Length / 1e6:F1} MB)");
            if (quality is { } q)
            {
                var metrics = Path.Combine(run!.Folder, "metrics.json");
                AnsiConsole.MarkupLine($"test quality of the compressed model: [bold]{q.ToString("F3", CultureInfo.InvariantCulture)}[/]" +
                    (File.Exists(metrics) ? $" (the run's metrics.json: {RunMetrics.Load(metrics).Test.ToString("F3", CultureInfo.InvariantCulture)})" : ""));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Builds <c>predict MODEL --text T [--words N]</c>; MODEL is a .bsm file (plain .NET) or an exported .onnx (ONNX Runtime).</summary>
    public static Command CreatePredict()
    {
        var modelPath = new Argument<string>("model") { Description = "A file written by 'compress': .bsm runs in plain .NET, .onnx on ONNX Runtime" };
        var text = new Option<string>("--text") { Description = "Text to classify, or to continue (space-separated symbols of a language model's vocabulary)", Required = true };
        var count = new Option<int?>("--words") { Description = "Symbols to generate (language models only; greedy; default 10)" };
        var command = new Command("predict", "Classify text, or continue it, with a compressed model (no libtorch).") { modelPath, text, count };
        command.SetAction(parse =>
        {
            var (path, input, words) = (parse.GetValue(modelPath)!, parse.GetValue(text)!, parse.GetValue(count) ?? 10);
            if (string.IsNullOrWhiteSpace(input)) throw new ArgumentException("--text is empty: pass the text to classify or continue");
            if (words < 1) throw new ArgumentException("--words must be at least 1");
            void Classifying()
            {
                if (parse.GetValue(count) is not null) throw new ArgumentException($"--words continues text with a language model; {path} is a text classifier");
            }
            if (IsOnnx(path))
            {
                using var onnx = OnnxSequenceModel.Load(path);
                if (onnx.Kind == OnnxMetadata.Classifier)
                {
                    Classifying();
                    PrintClasses(onnx.Classes, onnx.Classify([onnx.Encode(input)])[0]);
                }
                else
                {
                    var (h, c) = (new float[onnx.Hidden], new float[onnx.Hidden]);
                    PrintContinuation(input, Continue(onnx.Words, tokens => onnx.Continue([tokens], h, c)[^onnx.Words.Count..], input, words));
                }
                return 0;
            }
            switch (CompressedModel.Load(path))
            {
                case CompressedTextClassifier classifier:
                    Classifying();
                    PrintClasses(classifier.Classes, classifier.Forward([classifier.Encode(input)])[0]);
                    break;
                case CompressedLanguageModel lm:
                    var state = lm.NewState();
                    PrintContinuation(input, Continue(lm.Words, tokens => lm.Forward([tokens], state).At(0, tokens.Length - 1), input, words));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    private static void PrintClasses(IReadOnlyList<string> classes, float[] logits)
    {
        var table = new Table().AddColumns("class", "probability");
        foreach (var (name, p) in classes.Zip(Softmax(logits)).OrderByDescending(p => p.Second))
            table.AddRow(Markup.Escape(name), p.ToString("F3", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static void PrintContinuation(string input, IEnumerable<string> continuation) => Console.WriteLine(input + " | " + string.Join(' ', continuation));

    /// <summary>
    /// Greedy continuation of <paramref name="text"/>: <paramref name="read"/> takes the next ids, carries the model's
    /// state, and returns the logits after the last of them.
    /// </summary>
    private static IEnumerable<string> Continue(IReadOnlyList<string> vocabulary, Func<int[], float[]> read, string text, int count)
    {
        var ids = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        var unknown = ids.GetValueOrDefault("<unk>", -1);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => ids.TryGetValue(w, out var id) ? id : unknown >= 0 ? unknown : throw new ArgumentException($"'{w}' is not in the model's vocabulary")).ToArray();
        if (tokens.Length == 0) throw new ArgumentException("--text is empty");
        var logits = read(tokens);
        for (int i = 0; i < count; i++)
        {
            int next = Array.IndexOf(logits, logits.Max());
            yield return vocabulary[next];
            logits = read([next]);
        }
    }

    private static double[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        return [.. e.Select(v => v / e.Sum())];
    }
}
