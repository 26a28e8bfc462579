namespace BayesSparse.Scheduling;

/// <summary>One run of a grid, as a scheduler launches it: the <c>bayes-sparse</c> arguments and the folder it writes.</summary>
/// <param name="Arguments">The tool's arguments, starting with <c>train</c> and ending with <c>--resume</c>.</param>
/// <param name="OutDir">The run folder (<c>--out</c>).</param>
public sealed record PlannedRun(IReadOnlyList<string> Arguments, string OutDir)
{
    /// <summary>The command line, arguments quoted for a POSIX shell where they need it.</summary>
    public string CommandLine(string tool = "bayes-sparse") => string.Join(' ', Arguments.Select(Quote).Prepend(tool));

    /// <summary>An argument in single quotes unless it is made of safe characters only.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
