using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Spectre.Console;

namespace BayesSparse.Cli.Commands;

/// <summary>Runs the parsed command; expected failures become one line on stderr and exit code 2.</summary>
public static class CommandRunner
{
    /// <summary>Exit code for bad input (unknown value, missing file, corrupt checkpoint).</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Parses and invokes; see the class summary. A parse error (an unknown command or option, a missing or malformed
    /// value) is bad input too: its messages on one line, exit code 2. Arguments are taken as they are: no response files,
    /// so <c>--text "@home alone"</c> is text.
    /// </summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
            {
                Console.Error.WriteLine($"error: {OneLine(string.Join(' ', parse.Errors.Select(Describe).Distinct()))}");
                return UsageError;
            }
            return parse.Invoke(configuration);
        }
        catch (Exception e) when (e is BayesSparse.Data.DataException or ArgumentException or IOException or InvalidDataException or FormatException
                                      or UnauthorizedAccessException or BayesSparse.Training.TrainingDivergedException)
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return UsageError;
        }
    }

    /// <summary>
    /// A parse error's message; a value that is not a number names its option and the number it needs
    /// (<c>--epochs: 'abc' is not a whole number</c>) instead of System.CommandLine's .NET type name.
    /// </summary>
    private static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch { OptionResult o => o, ArgumentResult { Parent: OptionResult o } => o, _ => null };
        if (option is null) return error.Message;
        var type = option.Option.ValueType.IsArray ? option.Option.ValueType.GetElementType()! : option.Option.ValueType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        (string Needed, Func<string, bool> Parses)? number =
            type == typeof(int) ? ("a whole number", s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            : type == typeof(long) ? ("a whole number", s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            : type == typeof(double) ? ("a number", s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            : null;
        return number is { } n && option.Tokens.FirstOrDefault(t => !n.Parses(t.Value)) is { } bad
            ? $"{option.Option.Name}: '{bad.Value}' is not {n.Needed}"
            : error.Message;
    }

    /// <summary>A message on one line: System.CommandLine lists a value's choices one per line, .NET's range checks add "Actual value was".</summary>
    private static string OneLine(string message) => System.Text.RegularExpressions.Regex.Replace(message.Trim(), @"\s*[\r\n]+\s*", " ");
}
