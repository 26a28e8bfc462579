using System.Globalization;
using BayesSparse.Sparsity;
using Spectre.Console;

namespace BayesSparse.Cli.Rendering;

/// <summary>Draws a <see cref="SparsityReport"/> as a Spectre.Console table.</summary>
public static class SparsityTable
{
    /// <summary>One row per weight matrix plus a total row.</summary>
    public static Table Render(SparsityReport report)
    {
        var table = new Table().Title("Sparsity (log alpha threshold applied)")
            .AddColumn("weight").AddColumn(new TableColumn("|w|").RightAligned())
            .AddColumn(new TableColumn("|w != 0|").RightAligned()).AddColumn(new TableColumn("compression").RightAligned());
        foreach (var weight in report.Weights) AddRow(table, weight, bold: false);
        AddRow(table, report.Total, bold: true);
        return table;
    }

    private static void AddRow(Table table, WeightSparsity weight, bool bold)
    {
        string Cell(string text) => bold ? $"[bold]{Markup.Escape(text)}[/]" : Markup.Escape(text);
        table.AddRow(Cell(weight.Name), Cell(weight.Total.ToString("N0", CultureInfo.InvariantCulture)),
            Cell(weight.Nonzero.ToString("N0", CultureInfo.InvariantCulture)),
            Cell(weight.Compression.ToString("0.##", CultureInfo.InvariantCulture) + "x"));
    }
}
