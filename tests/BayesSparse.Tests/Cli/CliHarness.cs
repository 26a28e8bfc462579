using BayesSparse.Cli;
using BayesSparse.Cli.Commands;
using NUnit.Framework;

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

    /// <summary>Runs <paramref name="args"/> with stdout captured too (plain writes and Spectre.Console's, unstyled); returns the exit code, stdout and the stderr lines.</summary>
    public static (int Code, string Output, string[] Errors) RunCapturing(params string[] args)
    {
        var (originalOut, originalConsole) = (Console.Out, Spectre.Console.AnsiConsole.Console);
        using var output = new StringWriter();
        Console.SetOut(output);
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        try
        {
            var (code, errors) = Run(args);
            return (code, output.ToString(), errors);
        }
        finally
        {
            Console.SetOut(originalOut);
            Spectre.Console.AnsiConsole.Console = originalConsole;
        }
    }

    /// <summary>The contract for bad input: exit code 2 and one stderr line, "error: ..." containing <paramref name="expected"/>.</summary>
    public static void AssertRefused((int Code, string[] Errors) result, string expected)
    {
        Assert.That(result.Code, Is.EqualTo(CommandRunner.UsageError));
        Assert.That(result.Errors, Has.Length.EqualTo(1));
        Assert.That(result.Errors[0], Does.StartWith("error: ").And.Contain(expected));
    }
}
