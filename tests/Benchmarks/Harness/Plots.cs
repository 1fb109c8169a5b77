using ScottPlot;

namespace Orchestration.Benchmarks.Harness;

/// <summary>The record's pictures: a bar chart of a few figures against a target, and lines over time (ScottPlot, MIT).</summary>
public static class Plots
{
    private const int PlotWidth = 900;
    private const int PlotHeight = 480;

    /// <summary>
    /// Draws one bar per figure (labelled with its value) and, when given, the target as a dashed line; writes
    /// <paramref name="file"/> in <paramref name="folder"/> and returns its path.
    /// </summary>
    public static string Bars(string folder, string file, string title, string unit, IReadOnlyList<(string Label, double Value)> bars, double? target = null,
        string? targetLabel = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var items = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.Value,
            FillColor = palette.GetColor(i),
            Label = Figure.Format(b.Value),
        }).ToList();
        var series = plot.Add.Bars(items);
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. bars.Select((b, i) => new Tick(i, b.Label))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (target is { } line)
        {
            var marker = plot.Add.HorizontalLine(line);
            marker.LinePattern = LinePattern.Dashed;
            marker.LineWidth = 2;
            marker.Color = Colors.Red;
            marker.LegendText = targetLabel ?? $"target {Figure.Format(line)}";
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(unit);
        return Save(plot, folder, file);
    }

    /// <summary>Draws lines sharing an x axis; writes <paramref name="file"/> in <paramref name="folder"/> and returns its path.</summary>
    public static string Lines(string folder, string file, string title, string xLabel, string yLabel,
        IReadOnlyList<(string Label, double[] X, double[] Y)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var plot = new Plot();
        foreach (var (label, x, y) in lines)
        {
            var scatter = plot.Add.Scatter(x, y);
            scatter.LegendText = label;
            scatter.MarkerSize = 3;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Save(plot, folder, file);
    }

    private static string Save(Plot plot, string folder, string file)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, file);
        plot.SavePng(path, PlotWidth, PlotHeight);
        return path;
    }
}
