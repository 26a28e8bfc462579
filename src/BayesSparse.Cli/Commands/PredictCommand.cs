using System.CommandLine;
using System.Globalization;
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
        var input = new Option<string?>("--input") { Description = "Classify (a classifier) or score (a language model: perplexity) every line of this UTF-8 text file (- for standard input); blank lines are skipped" };
        var csv = CommonOptions.Csv();
        csv.Description = "With --input: write one row per line to this CSV file (its line number, then the likeliest class and every class's probability, or the predictions, nats and perplexity)";
        var count = new Option<int?>("--words") { Description = "Symbols to generate (language models only; greedy; default 10)" };
        var command = new Command("predict", "Classify text, or continue it or score its lines with a language model, with a compressed model (no libtorch).") { modelPath, text, input, csv, count };
        command.SetAction(parse =>
        {
            var (path, words) = (parse.GetValue(modelPath)!, parse.GetValue(count));
            if ((parse.GetValue(text) is null) == (parse.GetValue(input) is null)) throw new ArgumentException("pass --text T, or --input FILE (one text per line)");
            if (parse.GetValue(csv) is not null && parse.GetValue(input) is null) throw new ArgumentException("--csv writes one row per line of --input: pass --input FILE");
            if (words < 1) throw new ArgumentException("--words must be at least 1");
            if (parse.GetValue(input) is { } file)
            {
                if (words is not null) throw new ArgumentException("--words continues one --text with a language model; --input classifies or scores each line");
                var lines = ReadTexts(file);
                using var loaded = LoadedModel.From(path);
                if (loaded.Classes is null) ScoreFile(loaded, lines, parse.GetValue(csv));
                else ClassifyFile(loaded, lines, parse.GetValue(csv));
                return 0;
            }
            var single = parse.GetValue(text)!;
            if (string.IsNullOrWhiteSpace(single)) throw new ArgumentException("--text is empty: pass the text to classify or continue");
            using var model = LoadedModel.From(path);
            if (model.Classes is { } classes)
            {
                if (words is not null) throw new ArgumentException($"--words continues text with a language model; {path} is a text classifier");
                PrintClasses(classes, model.Probabilities([single])[0]);
            }
            else PrintContinuation(single, model.Continue(single, words ?? 10));
            return 0;
        });
        return command;
    }

    /// <summary>The non-blank lines of <paramref name="file"/> (standard input for "-") with their 1-based line numbers.</summary>
    private static List<(int Line, string Text)> ReadTexts(string file)
    {
        if (file != "-" && !File.Exists(file)) throw new ArgumentException($"--input: {file} does not exist (one text per line, or - for standard input)");
        var lines = (file == "-" ? StandardInput() : File.ReadLines(file)).Select((line, i) => (Line: i + 1, Text: line))
            .Where(p => !string.IsNullOrWhiteSpace(p.Text)).ToList();
        return lines.Count > 0 ? lines : throw new ArgumentException($"--input: {(file == "-" ? "standard input" : file)} holds no text (one text per line)");
    }

    private static IEnumerable<string> StandardInput()
    {
        while (Console.In.ReadLine() is { } line) yield return line;
    }

    /// <summary>Classifies the texts in batches of <see cref="Batch"/>: their likeliest class and every class's probability.</summary>
    private static void ClassifyFile(LoadedModel model, List<(int Line, string Text)> lines, string? csvPath)
    {
        var classes = model.Classes!;
        var probabilities = lines.Chunk(Batch).SelectMany(chunk => model.Probabilities([.. chunk.Select(l => l.Text)])).ToList();
        var likeliest = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToList();
        var counts = classes.Select((c, k) => $"{c} {likeliest.Count(l => l == k)}");
        new FileReport(["class", .. classes.Select(c => "p_" + c)], i => [classes[likeliest[i]], .. probabilities[i].Cast<object>()],
            ["class", "probability"], i => [classes[likeliest[i]], F3(probabilities[i][likeliest[i]])],
            $"{lines.Count} texts classified ({string.Join(", ", counts)})").Write(lines, csvPath);
    }

    /// <summary>Scores each text as a line of the language model's text (<see cref="LoadedModel.Score"/>): its perplexity.</summary>
    private static void ScoreFile(LoadedModel model, List<(int Line, string Text)> lines, string? csvPath)
    {
        var scores = lines.Select(l => ScoreLine(model, l)).ToList();
        double Perplexity(int i) => Math.Exp(scores[i].Nats / scores[i].Predictions);
        double total = Math.Exp(scores.Sum(s => s.Nats) / scores.Sum(s => s.Predictions));
        new FileReport(["predictions", "nats", "perplexity"], i => [scores[i].Predictions, scores[i].Nats, Perplexity(i)],
            ["predictions", "perplexity"], i => [scores[i].Predictions.ToString(CultureInfo.InvariantCulture), F3(Perplexity(i))],
            $"{lines.Count} lines scored (perplexity over all: {F3(total)})").Write(lines, csvPath);
    }

    private static (int Predictions, double Nats) ScoreLine(LoadedModel model, (int Line, string Text) line)
    {
        try
        {
            return model.Score(line.Text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--input line {line.Line}: {e.Message}");
        }
    }

    /// <summary>
    /// What a file's report holds for the i-th text: its CSV fields and its table cells, under their column names; and
    /// the line said after it.
    /// </summary>
    private sealed record FileReport(string[] CsvColumns, Func<int, object[]> CsvFields, string[] TableColumns, Func<int, string[]> TableCells, string Summary)
    {
        /// <summary>
        /// One row per text, after its line number: the CSV's fields (written atomically, when every text is done) when
        /// <paramref name="csvPath"/> is given, else a table with the text's start; then <see cref="Summary"/>.
        /// </summary>
        public void Write(List<(int Line, string Text)> lines, string? csvPath)
        {
            if (csvPath is not null)
            {
                CsvFiles.WriteFields(csvPath, ["line", .. CsvColumns], lines.Select((l, i) => (IReadOnlyList<object>)[l.Line, .. CsvFields(i)]));
                AnsiConsole.MarkupLine(Markup.Escape($"{Summary} -> {csvPath}"));
                return;
            }
            var table = new Table().AddColumns(["line", .. TableColumns, "text"]);
            for (int i = 0; i < lines.Count; i++)
                table.AddRow([lines[i].Line.ToString(CultureInfo.InvariantCulture), .. TableCells(i).Select(Markup.Escape), Markup.Escape(Shortened(lines[i].Text))]);
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape(Summary));
        }
    }

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Shortened(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static void PrintClasses(IReadOnlyList<string> classes, double[] probabilities)
    {
        var table = new Table().AddColumns("class", "probability");
        foreach (var (name, p) in classes.Zip(probabilities).OrderByDescending(p => p.Second))
            table.AddRow(Markup.Escape(name), F3(p));
        AnsiConsole.Write(table);
    }

    private static void PrintContinuation(string input, IEnumerable<string> continuation) => Console.WriteLine(input + " | " + string.Join(' ', continuation));
}
