using System.Diagnostics;
using System.Runtime.Versioning;

namespace BayesSparse.Tests.Experiments;

/// <summary>Runs the repository's experiment scripts under bash with a stand-in <c>dotnet</c> first on the PATH.</summary>
[SupportedOSPlatform("linux")]
internal static class ShellScripts
{
    /// <summary>
    /// Runs <c>bash</c> <paramref name="arguments"/> in <paramref name="root"/>, with <c>root/bin/dotnet</c> a
    /// script of <paramref name="dotnetBody"/> (its arguments in <c>$*</c>); returns the exit code, output and errors.
    /// </summary>
    public static (int Code, string Output, string Errors) Run(string root, string dotnetBody, params string[] arguments)
    {
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/usr/bin/env bash\n" + dotnetBody + "\n");
        File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
