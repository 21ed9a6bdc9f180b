using AiCaller.Email.Benchmarks.Measurement;
using ScottPlot;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>
/// Refresh requests per second at the emulator's token endpoint, those let through stacked under those throttled, with
/// the rate limit and the seconds in which the old tokens expired; x counts seconds from the earliest expiry.
/// </summary>
public static class RefreshRateChart
{
    private const string FontName = "DejaVu Sans";
    private static readonly Color Refreshed = new(44, 160, 44);
    private static readonly Color Throttled = new(214, 39, 40);

    public static void Save(string path, RefreshRound round, int limit, double expirySpreadSeconds, string caption)
    {
        using var plot = new Plot();
        plot.Font.Set(FontName);
        var expiring = new Color(120, 120, 120).WithAlpha(0.25);
        plot.Add.HorizontalSpan(0, Math.Max(expirySpreadSeconds, 1), expiring);

        var bars = new List<Bar>();
        foreach (var second in round.Seconds)
        {
            bars.Add(new Bar { Position = second.Offset, Value = second.Refreshed, FillColor = Refreshed, LineWidth = 0, Size = 1 });
            if (second.Throttled + second.Other > 0)
            {
                bars.Add(new Bar
                {
                    Position = second.Offset, ValueBase = second.Refreshed, Value = second.Requests, FillColor = Throttled, LineWidth = 0, Size = 1,
                });
            }
        }

        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(limit, 2, Colors.Black, LinePattern.Dashed);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "refreshed (200)", FillColor = Refreshed });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "throttled (429)", FillColor = Throttled });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"token endpoint limit ({limit}/s)", LineColor = Colors.Black, LineWidth = 2, LinePattern = LinePattern.Dashed });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "the old tokens expire", FillColor = expiring });
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(caption, 13);
        plot.XLabel("seconds from the earliest expiry of the old tokens", 12);
        plot.YLabel("refresh requests per second", 12);
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 1100, 480);
    }
}
