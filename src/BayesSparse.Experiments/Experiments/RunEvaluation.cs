using BayesSparse.Data;
using BayesSparse.Models;
using BayesSparse.Reporting;
using BayesSparse.Sparsity;
using TorchSharp;

namespace BayesSparse.Experiments;

/// <summary>Re-evaluates a run folder's checkpoint on the valid and test splits (<c>bayes-sparse evaluate</c>).</summary>
public static class RunEvaluation
{
    /// <summary>What an evaluation found.</summary>
    /// <param name="Task">Task.</param>
    /// <param name="Model">Model kind.</param>
    /// <param name="QualityName">Metric.</param>
    /// <param name="Valid">Validation quality.</param>
    /// <param name="Test">Test quality.</param>
    /// <param name="Report">Sparsity of the checkpoint.</param>
    public sealed record Result(string Task, ModelKind Model, string QualityName, double Valid, double Test, SparsityReport Report);

    /// <summary>Loads <c>config.json</c> and the reported weights (<see cref="TrainedRun.ReportedWeights"/>) from <paramref name="runDir"/> and evaluates.</summary>
    /// <param name="runDir">A folder written by <c>train</c>.</param>
    /// <param name="data">The data folder.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="figurePath">Also save the gate figure here, or null.</param>
    public static Result Evaluate(string runDir, DataDirectory data, torch.Device device, string? figurePath = null)
    {
        var run = TrainedRun.Open(runDir);
        using var task = ExperimentRunner.CreateTask(run.Config, run.Kind, data, device);
        run.LoadReportedWeights(task.Model.Module);
        var model = task.Model;
        if (figurePath is not null) GateFigure.Save(model, $"{run.Config.Task} {run.State.Model}", figurePath);
        return new Result(run.Config.Task, run.Kind, task.QualityName, task.Evaluate("valid"), task.Evaluate("test"), model.Report());
    }
}
