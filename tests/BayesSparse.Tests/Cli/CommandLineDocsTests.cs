using System.CommandLine;
using System.CommandLine.Help;
using BayesSparse.Cli;
using NUnit.Framework;

namespace BayesSparse.Tests.Cli;

/// <summary><c>docs/cli.md</c> names every command and every option the tool has (an option added without a word there fails).</summary>
[TestFixture]
public sealed class CommandLineDocsTests
{
    /// <summary>Every command below <paramref name="command"/> with its path ("bench recurrence"), depth first.</summary>
    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path) =>
        command.Subcommands.SelectMany(c => Commands(c, $"{path} {c.Name}".Trim()).Prepend(($"{path} {c.Name}".Trim(), c)));

    [Test]
    public void Should_NameEveryCommandAndOption_When_TheCommandLineDocsAreRead()
    {
        // Given the reference page and the tool's command tree
        var docs = File.ReadAllText(RepositoryFiles.Path("docs", "cli.md"));
        var commands = Commands(CliApp.CreateRoot(), "").ToList();

        // When each command and each of its options (help and version aside) is looked for in the page
        var missing = commands.Where(c => c.Command.Subcommands.Count == 0 && !docs.Contains($"`{c.Path}")).Select(c => c.Path)
            .Concat(commands.SelectMany(c => c.Command.Options.Where(o => o is not HelpOption and not VersionOption && !docs.Contains(o.Name))
                .Select(o => $"{c.Path} {o.Name}")));

        // Then none is missing (and the walk found the tool's commands)
        Assert.That(commands.Select(c => c.Path), Does.Contain("bench recurrence").And.Contain("predict"));
        Assert.That(missing, Is.Empty);
    }
}
