using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BayesSparse.Scheduling;

/// <summary>
/// An <c>sbatch</c> script that runs a grid as a Slurm job array, one task per run, and survives pre-emption: every
/// task is <c>train ... --resume</c> (exact after any kill), <c>--requeue</c> lets Slurm restart a pre-empted task,
/// and <c>--signal=B:USR1@LEAD</c> warns the task before its time limit: the script passes the signal to the trainer,
/// which finishes its batch and exits with code 130 (its last completed epoch checkpointed), and the task requeues
/// itself. A SIGTERM from Slurm (pre-emption, <c>scontrol requeue</c>) is passed on the same way. A task whose run
/// has finished exits at once.
/// </summary>
/// <param name="Runs">The grid's runs; task i of the array runs <c>Runs[i]</c>.</param>
/// <param name="LogFolder">Where each task writes <c>%A_%a.out</c>.</param>
/// <param name="CollectCommand">The command that merges the finished runs into Table 1, written in the script's header comment.</param>
/// <param name="CpusPerTask">Cores per task.</param>
/// <param name="Time">Slurm's <c>--time</c>, or null.</param>
/// <param name="Partition">Slurm's <c>--partition</c>, or null.</param>
/// <param name="Account">Slurm's <c>--account</c>, or null.</param>
/// <param name="ExtraLines">More <c>#SBATCH</c> options, each as given (for example <c>--mem=8G</c>).</param>
/// <param name="SignalLeadSeconds">How long before the time limit USR1 comes.</param>
public sealed record SlurmArrayScript(IReadOnlyList<PlannedRun> Runs, string LogFolder, string CollectCommand, int CpusPerTask,
    string? Time = null, string? Partition = null, string? Account = null, IReadOnlyList<string>? ExtraLines = null,
    int SignalLeadSeconds = 300)
{
    /// <summary>Slurm's <c>--time</c> forms: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or no limit.</summary>
    private static readonly Regex SlurmTime = new(@"^(\d+|\d+:\d+|\d+:\d+:\d+|\d+-\d+(:\d+){0,2}|UNLIMITED|INFINITE)$", RegexOptions.CultureInvariant);

    /// <summary>The script's text.</summary>
    /// <exception cref="ArgumentException">No runs, fewer than one core, a time limit Slurm would refuse, or an option
    /// holding a line break (it would end its <c>#SBATCH</c> line and run the rest as a command).</exception>
    public string Text()
    {
        if (Runs.Count == 0) throw new ArgumentException("the grid has no runs");
        if (CpusPerTask < 1) throw new ArgumentException($"--cpus-per-task must be at least 1, got {CpusPerTask}");
        if (Time is not null && !SlurmTime.IsMatch(Time))
            throw new ArgumentException($"--time '{Time}' is not a Slurm time limit: MINUTES, HH:MM:SS or D-HH:MM:SS (for example 12:00:00)");
        if (new[] { Time, Partition, Account }.Concat(ExtraLines ?? []).FirstOrDefault(o => o?.IndexOfAny(['\n', '\r']) >= 0) is { } broken)
            throw new ArgumentException($"the Slurm option '{broken.ReplaceLineEndings(" ")}' holds a line break");
        var s = new StringBuilder();
        string I(int value) => value.ToString(CultureInfo.InvariantCulture);
        s.AppendLine("#!/usr/bin/env bash");
        s.AppendLine("#SBATCH --job-name=bayes-sparse");
        s.AppendLine($"#SBATCH --array=0-{I(Runs.Count - 1)}");
        s.AppendLine("#SBATCH --requeue");
        s.AppendLine($"#SBATCH --signal=B:USR1@{I(SignalLeadSeconds)}");
        s.AppendLine($"#SBATCH --cpus-per-task={I(CpusPerTask)}");
        s.AppendLine($"#SBATCH --output={LogFolder}/%A_%a.out");
        s.AppendLine("#SBATCH --open-mode=append"); // a requeued task adds to its log
        if (Time is not null) s.AppendLine($"#SBATCH --time={Time}");
        if (Partition is not null) s.AppendLine($"#SBATCH --partition={Partition}");
        if (Account is not null) s.AppendLine($"#SBATCH --account={Account}");
        foreach (var line in ExtraLines ?? []) s.AppendLine($"#SBATCH {line}");
        s.AppendLine("# Made by 'bayes-sparse reproduce --plan --slurm'. Submit with: sbatch THIS_FILE");
        s.AppendLine("# The tool: $BAYES_SPARSE (for example 'dotnet /opt/bayes-sparse/bayes-sparse.dll'), else bayes-sparse on PATH.");
        s.AppendLine($"# When every task has finished: {CollectCommand}");
        s.AppendLine("set -u");
        s.AppendLine("read -r -a tool <<< \"${BAYES_SPARSE:-bayes-sparse}\"");
        s.AppendLine("case \"${SLURM_ARRAY_TASK_ID:?run this file with sbatch}\" in");
        for (int i = 0; i < Runs.Count; i++)
            s.AppendLine($"  {I(i)}) out={PlannedRun.Quote(Runs[i].OutDir)}; args=({string.Join(' ', Runs[i].Arguments.Select(PlannedRun.Quote))}) ;;");
        s.AppendLine("  *) echo \"no run for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;");
        s.AppendLine("esac");
        s.AppendLine("if [ -f \"$out/metrics.json\" ]; then echo \"$out: finished\"; exit 0; fi");
        s.AppendLine("requeue=0");
        s.AppendLine("\"${tool[@]}\" \"${args[@]}\" &");
        s.AppendLine("pid=$!");
        s.AppendLine("# USR1 before the time limit: stop after the batch, then requeue; TERM (pre-emption, scontrol requeue): stop, Slurm requeues.");
        s.AppendLine("trap 'requeue=1; kill -USR1 \"$pid\" 2>/dev/null' USR1");
        s.AppendLine("trap 'kill -TERM \"$pid\" 2>/dev/null' TERM");
        s.AppendLine("while :; do wait \"$pid\"; rc=$?; kill -0 \"$pid\" 2>/dev/null || break; done");
        s.AppendLine("if [ \"$rc\" -eq 130 ] && [ \"$requeue\" -eq 1 ]; then scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"; fi");
        s.AppendLine("exit \"$rc\"");
        return s.ToString();
    }
}
