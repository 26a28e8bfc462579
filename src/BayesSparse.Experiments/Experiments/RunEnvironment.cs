using System.Diagnostics;

namespace BayesSparse.Experiments;

/// <summary>Where a result came from: written as <c>environment.json</c> beside it.</summary>
/// <param name="GitCommit">HEAD of the working tree, or "unknown".</param>
/// <param name="TorchSharpVersion">TorchSharp assembly version.</param>
/// <param name="Device">Device the run used.</param>
/// <param name="Threads">Torch intra-op threads.</param>
/// <param name="Machine">OS and processor count.</param>
/// <param name="Command">The command line.</param>
/// <param name="MklDispatch">What <see cref="Platform.MklCpuDispatch"/> did in this process ("not applied" when it did not run).</param>
/// <param name="RecurrentBackend">The LSTM backend the run's last training step in this process ran (fused, unrolled, ...; null when it
/// trained no step here).</param>
public sealed record RunEnvironment(string GitCommit, string TorchSharpVersion, string Device, int Threads, string Machine, string Command,
    string MklDispatch, string? RecurrentBackend = null)
{
    /// <summary>Captures the current process's environment and the backend <paramref name="recurrentBackend"/> the run trained on.</summary>
    public static RunEnvironment Capture(string device, string? recurrentBackend) => new(ReadGitCommit(),
        typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown", device, TorchSharp.torch.get_num_threads(),
        $"{Environment.OSVersion}, {Environment.ProcessorCount} cores", "bayes-sparse " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        Platform.MklCpuDispatch.Result?.ToString() ?? "not applied", recurrentBackend);

    private static string ReadGitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true });
            var output = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
