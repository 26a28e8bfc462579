using BayesSparse.Cli;
using BayesSparse.Platform;

// Before any tensor exists: keep freed blocks in the heap, and let MKL use its fast kernels on AMD CPUs
// (see MallocTuning, MklCpuDispatch and docs/platform.md).
MallocTuning.Apply();
MklCpuDispatch.Apply();
// Output to a file or a pipe (logs, CI) has no window to fit: tables take COLUMNS, else 160, instead of Spectre's 80.
if (Console.IsOutputRedirected)
    Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : 160;
return CliApp.Run(args);
