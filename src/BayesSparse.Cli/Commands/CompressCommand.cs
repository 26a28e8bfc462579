using System.CommandLine;
using BayesSparse.Experiments;
using BayesSparse.Inference;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary><c>compress</c> and <c>predict</c>: ship a trained language model without libtorch.</summary>
public static class CompressCommand
{
    /// <summary>Builds <c>compress RUN_DIR --out MODEL</c>.</summary>
    public static Command Create()
    {
        var runDir = new Argument<string>("checkpoint") { Description = "A run folder written by 'train' (language models)" };
        var output = new Option<string>("--out") { Description = "The compressed model file", Required = true };
        var command = new Command("compress", "Drop removed neurons, fold z, precompute constant gates; store each matrix dense or CSR.") { runDir, output };
        command.SetAction(parse =>
        {
            var model = RunCompression.Compress(parse.GetValue(runDir)!, parse.GetValue(output)!);
            AnsiConsole.MarkupLine($"{model.Hidden} hidden neurons, {model.LiveGates} non-constant gates; {Markup.Escape(model.Layout)} -> {Markup.Escape(parse.GetValue(output)!)}");
            return 0;
        });
        return command;
    }

    /// <summary>Builds <c>predict MODEL --text T [--words N]</c>.</summary>
    public static Command CreatePredict()
    {
        var modelPath = new Argument<string>("model") { Description = "A file written by 'compress'" };
        var text = new Option<string>("--text") { Description = "Text to continue (space-separated symbols of the model's vocabulary)", Required = true };
        var count = new Option<int>("--words") { Description = "Symbols to generate (greedy)", DefaultValueFactory = _ => 10 };
        var command = new Command("predict", "Continue text with a compressed language model (plain .NET, no libtorch).") { modelPath, text, count };
        command.SetAction(parse =>
        {
            var model = CompressedLanguageModel.Load(parse.GetValue(modelPath)!);
            var ids = model.Words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
            var unknown = ids.GetValueOrDefault("<unk>", -1);
            var tokens = parse.GetValue(text)!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => ids.TryGetValue(w, out var id) ? id : unknown >= 0 ? unknown : throw new ArgumentException($"'{w}' is not in the model's vocabulary")).ToList();
            if (tokens.Count == 0) throw new ArgumentException("--text is empty");
            var state = model.NewState();
            var logits = model.Forward(tokens, state)[^1];
            var generated = new List<string>();
            for (int i = 0; i < parse.GetValue(count); i++)
            {
                int next = Array.IndexOf(logits, logits.Max());
                generated.Add(model.Words[next]);
                logits = model.Forward([next], state)[0];
            }
            Console.WriteLine(parse.GetValue(text) + " | " + string.Join(' ', generated));
            return 0;
        });
        return command;
    }
}
