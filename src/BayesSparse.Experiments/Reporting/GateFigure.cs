using BayesSparse.Inference;
using BayesSparse.Models;
using BayesSparse.Sparsity;
using ScottPlot;
using static TorchSharp.torch;

namespace BayesSparse.Reporting;

/// <summary>
/// The paper's Figure 1 for a trained model: the four gates (i, f, g, o) of every remaining hidden neuron,
/// non-constant ones filled, constant ones grey with their value σ(b) (tanh(b) for g; σ the model's gate activation).
/// </summary>
public static class GateFigure
{
    private static readonly string[] GateNames = ["i", "f", "g", "o"];

    /// <summary>Renders the figure of <paramref name="model"/> to a PNG; returns the number of neurons drawn.</summary>
    public static int Save(ISequenceModel model, string title, string path, int maxNeurons = 60)
    {
        using var scope = NewDisposeScope();
        var weights = model.EvalWeights();
        var (_, _, hidden, gates) = StructuredSparsity.KeptUnits(RecurrentMasks.Of(weights));
        var bias = weights[ModelLayers.Key(ModelLayers.Lstm, "bias")].cpu();
        long size = hidden.shape[0];
        var all = Enumerable.Range(0, (int)size).Where(j => hidden[j].item<bool>()).ToList();
        var kept = all.Take(maxNeurons).ToList();
        var plot = new Plot();
        for (int column = 0; column < kept.Count; column++)
            for (int gate = 0; gate < 4; gate++)
            {
                long row = gate * size + kept[column];
                bool live = gates[row].item<bool>();
                var box = plot.Add.Rectangle(column + 0.05, column + 0.95, 3 - gate + 0.05, 3 - gate + 0.95);
                box.FillStyle.Color = live ? Colors.SteelBlue : Colors.LightGray;
                box.LineStyle.Width = 0;
                if (!live)
                {
                    double value = model.GateActivation.ConstantGate(gate, bias[row].item<float>());
                    var label = plot.Add.Text(value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), column + 0.5, 3 - gate + 0.5);
                    label.LabelFontSize = 9;
                    label.LabelAlignment = Alignment.MiddleCenter;
                }
            }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, 4).Select(g => 3 - g + 0.5).ToArray(), GateNames);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, kept.Count).Select(c => c + 0.5).ToArray(), kept.Select(k => k.ToString()).ToArray());
        plot.Title(kept.Count == all.Count ? $"{title}: gates of the {all.Count} remaining neurons (grey: constant)"
            : $"{title}: gates of the first {kept.Count} of {all.Count} remaining neurons (grey: constant)");
        plot.XLabel("hidden neuron");
        plot.Axes.SetLimits(0, Math.Max(1, kept.Count), 0, 4);
        plot.SavePng(path, Math.Max(500, 40 * kept.Count + 120), 320);
        return kept.Count;
    }
}
