using System.CommandLine;

namespace BayesSparse.Cli.Commands;

/// <summary>One example invocation per command, shown at the end of its description in <c>--help</c>.</summary>
public static class Examples
{
    /// <summary>The example of each runnable command, by its path below the root.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByCommand = new Dictionary<string, string>
    {
        ["demo"] = "bayes-sparse demo --steps 1000",
        ["bench train-step"] = "bayes-sparse bench train-step --task ptb-word --steps 20 --csv train-step.csv",
        ["bench epoch-profile"] = "bayes-sparse bench epoch-profile --task imdb --model wgn --data-dir data --csv epoch-profile.csv",
        ["bench cut-memory"] = "bayes-sparse bench cut-memory --task ptb-word --group lstm.hidden --cut 8 --rounds 6 --data-dir data --csv cut-memory.csv",
        ["bench recurrence"] = "bayes-sparse bench recurrence --hidden 16 32 64 128 --csv recurrence.csv",
        ["bench data"] = "bayes-sparse bench data --data-dir data --csv data.csv",
        ["bench inference"] = "bayes-sparse bench inference --task imdb --model models/imdb-wgn.bsm",
        ["data download"] = "bayes-sparse data download --tasks ptb imdb --data-dir data",
        ["data verify"] = "bayes-sparse data verify --data-dir data",
        ["train"] = "bayes-sparse train --task imdb --model wgn --profile cpu --data-dir data --out runs/imdb-wgn",
        ["reproduce"] = "bayes-sparse reproduce --profile cpu --data-dir data",
        ["evaluate"] = "bayes-sparse evaluate runs/imdb-wgn --figure gates.png",
        ["compress"] = "bayes-sparse compress runs/imdb-wgn --out imdb-wgn.bsm --data-dir data",
        ["export"] = "bayes-sparse export runs/imdb-wgn --out imdb-wgn.safetensors",
        ["compare"] = "bayes-sparse compare --runs runs/a-seed1 runs/a-seed2 --against runs/b-seed1 runs/b-seed2 --epochs 10 20",
        ["status"] = "bayes-sparse status runs --csv status.csv",
        ["analyze comebacks"] = "bayes-sparse analyze comebacks runs/imdb-observe --max-k 10 --csv comebacks.csv",
        ["analyze epoch-cost"] = "bayes-sparse analyze epoch-cost runs/imdb-wgn --reference-seconds 46",
        ["predict"] = "bayes-sparse predict models/imdb-wgn.bsm --text \"a wonderful film\"",
    };

    /// <summary>Appends each command's example to its description; a runnable command without one is a bug.</summary>
    public static RootCommand Apply(RootCommand root)
    {
        foreach (var (path, command) in Walk(root, ""))
        {
            if (command.Action is null) continue;
            var example = ByCommand.TryGetValue(path, out var line) ? line : throw new InvalidOperationException($"'{path}' has no example");
            command.Description = $"{command.Description}\n\nExample:\n  {example}";
        }
        return root;
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        foreach (var child in command.Subcommands)
        {
            var childPath = path.Length == 0 ? child.Name : $"{path} {child.Name}";
            yield return (childPath, child);
            foreach (var grandchild in Walk(child, childPath)) yield return grandchild;
        }
    }
}
