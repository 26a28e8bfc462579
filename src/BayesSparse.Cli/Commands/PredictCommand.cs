using System.CommandLine;
using System.Globalization;
using BayesSparse.Inference;
using BayesSparse.Onnx;
using BayesSparse.Reporting;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>predict</c>: run a compressed model (a .bsm file in plain .NET, an exported .onnx on ONNX Runtime) without libtorch.</summary>
public static class PredictCommand
{
    /// <summary>Texts a classifier reads per call when it classifies a file.</summary>
    private const int Batch = 64;

    /// <summary>Builds <c>predict MODEL (--text T [--words N] | --input FILE [--csv F])</c>.</summary>
    public static Command Create()
    {
        var modelPath = new Argument<string>("model") { Description = "A file written by 'compress': .bsm runs in plain .NET, .onnx on ONNX Runtime" };
        var text = new Option<string?>("--text") { Description = "Text to classify, or to continue (space-separated symbols of a language model's vocabulary)" };
        var input = new Option<string?>("--input") { Description = "Classify every line of this UTF-8 text file (one text per line; blank lines are skipped)" };
        var csv = CommonOptions.Csv();
        csv.Description = "With --input: write one row per text (its line, the likeliest class, every class's probability) to this CSV file";
        var count = new Option<int?>("--words") { Description = "Symbols to generate (language models only; greedy; default 10)" };
        var command = new Command("predict", "Classify text, or continue it, with a compressed model (no libtorch).") { modelPath, text, input, csv, count };
        command.SetAction(parse =>
        {
            var (path, words) = (parse.GetValue(modelPath)!, parse.GetValue(count));
            if ((parse.GetValue(text) is null) == (parse.GetValue(input) is null)) throw new ArgumentException("pass --text T, or --input FILE (one text per line)");
            if (parse.GetValue(csv) is not null && parse.GetValue(input) is null) throw new ArgumentException("--csv writes one row per line of --input: pass --input FILE");
            if (words < 1) throw new ArgumentException("--words must be at least 1");
            if (parse.GetValue(input) is { } file)
            {
                if (words is not null) throw new ArgumentException("--words continues one --text with a language model; --input classifies texts");
                var lines = ReadTexts(file);
                using var classifier = LoadedModel.From(path);
                if (classifier.Classes is null) throw new ArgumentException($"{path} is a language model: --input classifies texts; continue one --text instead");
                ClassifyFile(classifier, lines, parse.GetValue(csv));
                return 0;
            }
            var single = parse.GetValue(text)!;
            if (string.IsNullOrWhiteSpace(single)) throw new ArgumentException("--text is empty: pass the text to classify or continue");
            using var model = LoadedModel.From(path);
            if (model.Classes is { } classes)
            {
                if (words is not null) throw new ArgumentException($"--words continues text with a language model; {path} is a text classifier");
                PrintClasses(classes, model.Classify([single])[0]);
            }
            else PrintContinuation(single, model.Continue(single, words ?? 10));
            return 0;
        });
        return command;
    }

    /// <summary>The non-blank lines of <paramref name="file"/> with their 1-based line numbers.</summary>
    private static List<(int Line, string Text)> ReadTexts(string file)
    {
        if (!File.Exists(file)) throw new ArgumentException($"--input: {file} does not exist (one text per line)");
        var lines = File.ReadLines(file).Select((line, i) => (Line: i + 1, Text: line)).Where(p => !string.IsNullOrWhiteSpace(p.Text)).ToList();
        return lines.Count > 0 ? lines : throw new ArgumentException($"--input: {file} holds no text (one text per line)");
    }

    /// <summary>Classifies the texts in batches; writes the CSV (atomically, after all are classified) or prints a table.</summary>
    private static void ClassifyFile(LoadedModel classifier, List<(int Line, string Text)> lines, string? csvPath)
    {
        var probabilities = lines.Chunk(Batch).SelectMany(chunk => classifier.Classify([.. chunk.Select(l => l.Text)])).Select(Softmax).ToList();
        var likeliest = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToList();
        var classes = classifier.Classes!;
        if (csvPath is null)
        {
            var table = new Table().AddColumns("line", "class", "probability", "text");
            for (int i = 0; i < lines.Count; i++)
                table.AddRow(lines[i].Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(classes[likeliest[i]]),
                    probabilities[i][likeliest[i]].ToString("F3", CultureInfo.InvariantCulture), Markup.Escape(Shortened(lines[i].Text)));
            AnsiConsole.Write(table);
            return;
        }
        string[] header = ["line", "class", .. classes.Select(c => "p_" + c)];
        CsvFiles.WriteFields(csvPath, header, lines.Select((l, i) => (IReadOnlyList<object>)[l.Line, classes[likeliest[i]], .. probabilities[i].Cast<object>()]));
        var counts = classes.Select((c, k) => $"{c} {likeliest.Count(l => l == k)}");
        AnsiConsole.MarkupLine(Markup.Escape($"{lines.Count} texts classified ({string.Join(", ", counts)}) -> {csvPath}"));
    }

    private static string Shortened(string text) => text.Length <= 60 ? text : text[..57] + "...";

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

    /// <summary>A compressed model on its engine: a .bsm file in plain .NET, an .onnx file on ONNX Runtime.</summary>
    private sealed class LoadedModel : IDisposable
    {
        private readonly OnnxSequenceModel? _onnx;
        private readonly CompressedModel? _model;

        private LoadedModel(OnnxSequenceModel? onnx, CompressedModel? model) => (_onnx, _model) = (onnx, model);

        /// <summary>Loads <paramref name="path"/> on the engine its ending names.</summary>
        public static LoadedModel From(string path) =>
            CompressCommand.IsOnnx(path) ? new(OnnxSequenceModel.Load(path), null) : new(null, CompressedModel.Load(path));

        /// <summary>The class names of a classifier; null for a language model.</summary>
        public IReadOnlyList<string>? Classes => _onnx is not null
            ? (_onnx.Kind == OnnxMetadata.Classifier ? _onnx.Classes : null)
            : (_model as CompressedTextClassifier)?.Classes;

        /// <summary>The class logits of each text (a classifier).</summary>
        public float[][] Classify(IReadOnlyList<string> texts)
        {
            if (_onnx is not null) return _onnx.Classify([.. texts.Select(_onnx.Encode)]);
            var classifier = (CompressedTextClassifier)_model!;
            return classifier.Forward([.. texts.Select(classifier.Encode)]);
        }

        /// <summary>The greedy continuation of <paramref name="text"/> by <paramref name="words"/> symbols (a language model).</summary>
        public List<string> Continue(string text, int words)
        {
            if (_onnx is not null)
            {
                var (h, c) = (new float[_onnx.Hidden], new float[_onnx.Hidden]);
                return [.. PredictCommand.Continue(_onnx.Words, tokens => _onnx.Continue([tokens], h, c)[^_onnx.Words.Count..], text, words)];
            }
            var lm = (CompressedLanguageModel)_model!;
            var state = lm.NewState();
            return [.. PredictCommand.Continue(lm.Words, tokens => lm.Forward([tokens], state).At(0, tokens.Length - 1), text, words)];
        }

        public void Dispose() => _onnx?.Dispose();
    }
}
