using System.CommandLine;
using System.Globalization;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>compress</c> and <c>predict</c>: ship a trained model without libtorch.</summary>
public static class CompressCommand
{
    /// <summary>Builds <c>compress RUN_DIR --out MODEL [--data-dir D]</c>.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train'" };
        var output = new Option<string>("--out") { Description = "The compressed model file", Required = true };
        var dataDir = CommonOptions.DataDir();
        dataDir.Description = "Also measure the compressed model's test quality on this data folder (plain .NET)";
        var command = new Command("compress", "Drop removed neurons and vocabulary, fold z, precompute constant gates; store each matrix dense or CSR.")
            { runDir, output, dataDir };
        command.SetAction(parse =>
        {
            var (run, path) = (TrainedRun.Open(parse.GetValue(runDir)!), parse.GetValue(output)!);
            var model = RunCompression.Compress(run);
            model.Save(path);
            AnsiConsole.MarkupLine($"{model.Hidden} hidden neurons, {model.LiveGates} non-constant gates; {Markup.Escape(model.Layout)} -> " +
                $"{Markup.Escape(path)} ({new FileInfo(path).Length / 1e6:F1} MB)");
            if (parse.GetValue(dataDir) is { } data)
            {
                double quality = RunCompression.TestQuality(model, run.Config, BayesSparse.Data.DataDirectory.Resolve(data));
                var metrics = Path.Combine(run.Folder, "metrics.json");
                AnsiConsole.MarkupLine($"test quality of the compressed model: [bold]{quality.ToString("F3", CultureInfo.InvariantCulture)}[/]" +
                    (File.Exists(metrics) ? $" (the run's metrics.json: {RunMetrics.Load(metrics).Test.ToString("F3", CultureInfo.InvariantCulture)})" : ""));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Builds <c>predict MODEL --text T [--words N]</c>.</summary>
    public static Command CreatePredict()
    {
        var modelPath = new Argument<string>("model") { Description = "A file written by 'compress'" };
        var text = new Option<string>("--text") { Description = "Text to classify, or to continue (space-separated symbols of a language model's vocabulary)", Required = true };
        var count = new Option<int>("--words") { Description = "Symbols to generate (language models; greedy)", DefaultValueFactory = _ => 10 };
        var command = new Command("predict", "Classify text, or continue it, with a compressed model (plain .NET, no libtorch).") { modelPath, text, count };
        command.SetAction(parse =>
        {
            var input = parse.GetValue(text)!;
            switch (CompressedModel.Load(parse.GetValue(modelPath)!))
            {
                case CompressedTextClassifier classifier:
                    var logits = classifier.Forward([classifier.Encode(input)])[0];
                    var probabilities = Softmax(logits);
                    var table = new Table().AddColumns("class", "probability");
                    foreach (var (name, p) in classifier.Classes.Zip(probabilities).OrderByDescending(p => p.Second))
                        table.AddRow(Markup.Escape(name), p.ToString("F3", CultureInfo.InvariantCulture));
                    AnsiConsole.Write(table);
                    break;
                case CompressedLanguageModel lm:
                    Console.WriteLine(input + " | " + string.Join(' ', Continue(lm, input, parse.GetValue(count))));
                    break;
            }
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> Continue(CompressedLanguageModel model, string text, int count)
    {
        var ids = model.Words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        var unknown = ids.GetValueOrDefault("<unk>", -1);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => ids.TryGetValue(w, out var id) ? id : unknown >= 0 ? unknown : throw new ArgumentException($"'{w}' is not in the model's vocabulary")).ToArray();
        if (tokens.Length == 0) throw new ArgumentException("--text is empty");
        var state = model.NewState();
        var logits = model.Forward([tokens], state).At(0, tokens.Length - 1);
        for (int i = 0; i < count; i++)
        {
            int next = Array.IndexOf(logits, logits.Max());
            yield return model.Words[next];
            logits = model.Forward([[next]], state).At(0, 0);
        }
    }

    private static double[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        return [.. e.Select(v => v / e.Sum())];
    }
}
