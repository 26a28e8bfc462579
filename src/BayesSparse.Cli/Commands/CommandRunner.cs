using System.CommandLine;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary>Runs the parsed command; expected failures become one line on stderr and exit code 2.</summary>
public static class CommandRunner
{
    /// <summary>Exit code for bad input (unknown value, missing file, corrupt checkpoint).</summary>
    public const int UsageError = 2;

    /// <summary>Parses and invokes; see the class summary.</summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(configuration);
        }
        catch (Exception e) when (e is BayesSparse.Data.DataException or ArgumentException or IOException or InvalidDataException or FormatException
                                      or UnauthorizedAccessException or BayesSparse.Training.TrainingDivergedException)
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
    }
}
