using System.CommandLine;

namespace BayesSparse.Cli.Commands.Analyze;

/// <summary><c>bayes-sparse analyze</c>: readings of a run's logs that choose or check its compaction, one sub-command per file here.</summary>
public static class AnalyzeCommand
{
    /// <summary>Builds the command and its sub-commands.</summary>
    public static Command Create() => new("analyze", "Read a run's logs: what a compaction rule would cut, what an epoch cost as the structure shrank.")
    {
        ComebacksAnalysis.Create(), EpochCostAnalysis.Create(),
    };

    /// <summary>The run folder argument both sub-commands take.</summary>
    internal static Argument<string> RunFolder(string description) => new("run") { Description = description };

    /// <summary>The folder <paramref name="run"/> names, refused (exit code 2) when it is not a folder.</summary>
    internal static string Folder(ParseResult parse, Argument<string> run)
    {
        var folder = parse.GetValue(run)!;
        CommonOptions.RequireFolders([folder], "Pass a run folder written by 'bayes-sparse train'");
        return folder;
    }
}
