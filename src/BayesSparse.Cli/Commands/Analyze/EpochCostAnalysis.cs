using System.CommandLine;
using System.Globalization;
using BayesSparse.Reporting;

namespace BayesSparse.Cli.Commands.Analyze;

/// <summary><c>analyze epoch-cost RUN [--reference-seconds S] [--hidden H] [--gates G] [--words W] [--fraction F]</c>.</summary>
internal static class EpochCostAnalysis
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var run = AnalyzeCommand.RunFolder("A run folder written by 'train' (its epochs.csv)");
        var reference = CommonOptions.Decimal("--reference-seconds", "Epoch 1's seconds on an idle machine (default: the run's own epoch 1, which may have shared the cores)");
        var hidden = new Option<long>("--hidden") { Description = "Hidden neurons eval keeps, at most", DefaultValueFactory = _ => 50 };
        var gates = new Option<long>("--gates") { Description = "Non-constant gates, at most", DefaultValueFactory = _ => 100 };
        var words = new Option<long>("--words") { Description = "Vocabulary entries, at most (language models have none)", DefaultValueFactory = _ => 1000 };
        var fraction = CommonOptions.Decimal("--fraction", "The share of the reference epoch an epoch should take (default 0.125)");
        var command = new Command("epoch-cost",
            "How a run's epoch cost followed its structure: the first epoch at the given live structure, the first that took the given share of epoch 1, the last 100 epochs' median.")
            { run, reference, hidden, gates, words, fraction };
        command.SetAction(parse =>
        {
            var folder = AnalyzeCommand.Folder(parse, run);
            var targets = new EpochCostTargets(parse.GetValue(hidden), parse.GetValue(gates), parse.GetValue(words), parse.GetValue(fraction) ?? 1.0 / 8);
            if (targets.Fraction is <= 0 or > 1) throw new ArgumentException("--fraction must be above 0 and at most 1");
            if (parse.GetValue(reference) is <= 0) throw new ArgumentException("--reference-seconds must be above 0");
            var cost = EpochCost.Of(EpochCost.Read(folder), targets, parse.GetValue(reference));
            foreach (var line in Lines(cost, targets)) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> Lines(EpochCost cost, EpochCostTargets targets)
    {
        string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);
        yield return $"{cost.Epochs} epochs in {F(cost.Hours, "F2")} h; epoch 1 took {F(cost.FirstEpochSeconds, "F1")} s; reference {F(cost.ReferenceSeconds, "F1")} s, " +
            $"so {F(targets.Fraction, "G3")} of it is {F(cost.LimitSeconds, "F2")} s";
        string structure = $"{targets.Hidden} hidden, {targets.Gates} gates, {targets.Words} words";
        if (cost.FirstSmall is not { } small)
            yield return $"eval's structure never got to at most {structure}";
        else
        {
            yield return $"epoch {small.Epoch}: the first at most {structure} ({small.HiddenNeurons}, {small.Gates}, {small.Vocabulary ?? 0}); " +
                $"it took {F(small.Seconds, "F1")} s ({F(small.Seconds / cost.ReferenceSeconds, "F3")} of the reference)";
            yield return cost.FirstWithinLimit is { } within
                ? $"the first epoch at most {F(cost.LimitSeconds, "F2")} s from there: {within.Epoch} ({F(within.Seconds, "F1")} s, {within.Parameters:N0} parameter elements); " +
                  $"{cost.OverLimit.Count} of the {cost.EpochsFromSmall} epochs from {small.Epoch} on took longer" +
                  (cost.OverLimit.Count > 0 ? $", the last of them epoch {cost.OverLimit[^1]}" : "")
                : $"no epoch from there took at most {F(cost.LimitSeconds, "F2")} s";
        }
        yield return $"the last {cost.TailEpochs} epochs: median {F(cost.TailMedianSeconds, "F2")} s ({F(cost.TailMedianSeconds / cost.ReferenceSeconds, "F3")} of the reference)";
    }
}
