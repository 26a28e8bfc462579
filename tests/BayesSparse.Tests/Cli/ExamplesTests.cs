using System.Text.RegularExpressions;
using BayesSparse.Cli;
using BayesSparse.Cli.Commands;
using NUnit.Framework;

namespace BayesSparse.Tests.Cli;

[TestFixture]
public sealed class ExamplesTests
{
    private static string[] Words(string commandLine) =>
        [.. Regex.Matches(commandLine, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Skip(1)];

    private static IEnumerable<string> CommandsWithExamples() => Examples.ByCommand.Keys;

    [TestCaseSource(nameof(CommandsWithExamples))]
    public void Should_ShowAValidExample_When_HelpIsAsked(string command)
    {
        // Given the command's example invocation
        var example = Examples.ByCommand[command];

        // When its help is printed and the example is parsed
        var original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            CliApp.Run([.. command.Split(' '), "--help"]);
        }
        finally
        {
            Console.SetOut(original);
        }
        var parse = CliApp.CreateRoot().Parse(Words(example));

        // Then the help ends its description with the example, which names this command and parses without error
        Assert.That(output.ToString(), Does.Contain("Example:").And.Contain(example));
        Assert.That(string.Join(' ', Words(example)), Does.StartWith(command + " "));
        Assert.That(parse.Errors, Is.Empty);
    }
}
