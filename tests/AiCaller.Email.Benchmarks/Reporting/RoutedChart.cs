using AiCaller.Email.Benchmarks.Measurement;
using ScottPlot;
using SkiaSharp;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>
/// Small multiples: one row per operation, throughput and p99 against the number of connections, with a line each for
/// direct, proxy and routed. The connection counts are evenly spaced categories (1, 16, 64), not a linear axis.
/// </summary>
public static class RoutedChart
{
    private const int PanelWidth = 560;
    private const int PanelHeight = 300;
    private const int CaptionHeight = 80;
    private const string FontName = "DejaVu Sans";

    private static readonly (RoutedTarget Target, string Label, Color Color)[] Series =
    [
        (RoutedTarget.Direct, "direct (nginx, canned)", new Color(120, 120, 120)),
        (RoutedTarget.Proxy, "proxy (nginx → nginx)", new Color(31, 119, 180)),
        (RoutedTarget.Routed, "routed (AiCaller.Email → nginx)", new Color(255, 127, 14)),
    ];

    public static void Save(string path, IReadOnlyList<string> operations, IReadOnlyList<RoutedCell> cells, string caption)
    {
        var connections = cells.Select(c => c.Connections).Distinct().Order().ToArray();
        var width = 2 * PanelWidth;
        var height = CaptionHeight + operations.Count * PanelHeight;
        using var surface = SKSurface.Create(new SKImageInfo(width, height))
            ?? throw new InvalidOperationException("SkiaSharp could not make a surface for the chart");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        using (var header = new Plot())
        {
            // The caption and one legend for every panel.
            header.Font.Set(FontName);
            header.HideAxesAndGrid();
            header.Title(caption, 15);
            var legend = header.ShowLegend(Series.Select(s => new LegendItem
            {
                LabelText = s.Label,
                LineColor = s.Color,
                LineWidth = 2,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerFillColor = s.Color,
                MarkerLineColor = s.Color,
                MarkerSize = 7,
            }), Alignment.LowerCenter);
            legend.Orientation = Orientation.Horizontal;
            legend.FontSize = 13;
            Draw(canvas, header, 0, 0, width, CaptionHeight);
        }

        for (var row = 0; row < operations.Count; row++)
        {
            var top = CaptionHeight + row * PanelHeight;
            var mine = cells.Where(c => c.Operation == operations[row]).ToList();
            using var throughput = Panel($"{operations[row]}: operations/s (higher is better)", "operations/s", connections, mine, c => c.OperationsPerSecond);
            using var p99 = Panel($"{operations[row]}: p99 latency (lower is better)", "p99 ms", connections, mine, c => c.P99Ms);
            Draw(canvas, throughput, 0, top, PanelWidth, PanelHeight);
            Draw(canvas, p99, PanelWidth, top, PanelWidth, PanelHeight);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    // Each plot is rendered on its own and then placed: a plot rendered into part of a shared canvas paints the whole canvas.
    private static void Draw(SKCanvas canvas, Plot plot, int left, int top, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(width, height, ImageFormat.Png));
        canvas.DrawBitmap(bitmap, left, top);
    }

    private static Plot Panel(string title, string unit, int[] connections, IReadOnlyList<RoutedCell> cells, Func<RoutedCell, double> value)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        var positions = Enumerable.Range(0, connections.Length).Select(i => (double)i).ToArray();
        var top = 0.0;
        foreach (var (target, _, color) in Series)
        {
            var points = connections.Select((n, i) => (Position: positions[i], Cell: cells.FirstOrDefault(c => c.Connections == n && c.Target == target)))
                .Where(p => p.Cell is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var ys = points.Select(p => value(p.Cell!)).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Position).ToArray(), ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            top = Math.Max(top, ys.Max());
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, connections.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(-0.25, Math.Max(connections.Length - 0.75, 0.25), 0, top <= 0 ? 1 : top * 1.15);
        plot.Title(title, 13);
        plot.XLabel("connections (wrk, 2 threads)", 12);
        plot.YLabel(unit, 12);
        return plot;
    }
}
