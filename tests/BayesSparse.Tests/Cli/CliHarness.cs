using BayesSparse.Cli;

namespace BayesSparse.Tests.Cli;

/// <summary>Runs the tool in-process, as the tests' user would from a shell.</summary>
internal static class CliHarness
{
    /// <summary>Runs <paramref name="args"/>; returns the exit code and the lines written to stderr.</summary>
    public static (int Code, string[] Errors) Run(params string[] args)
    {
        var original = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        try
        {
            int code = CliApp.Run(args);
            return (code, errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
