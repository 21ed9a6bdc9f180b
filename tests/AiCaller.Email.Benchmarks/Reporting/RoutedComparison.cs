using AiCaller.Email.Benchmarks.Measurement;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>One operation at one number of connections: its three cells and how routed compares with the proxy.</summary>
public sealed record RoutedComparison(string Operation, int Connections, RoutedCell? Direct, RoutedCell? Proxy, RoutedCell? Routed)
{
    /// <summary>Routed operations per second ÷ the proxy's: 1 would be "costs what nginx as a proxy costs".</summary>
    public double? RoutedOverProxy => Routed is null || Proxy is null || Proxy.OperationsPerSecond == 0
        ? null
        : Routed.OperationsPerSecond / Proxy.OperationsPerSecond;

    public double? RoutedMinusProxyP50Ms => Routed is null || Proxy is null ? null : Routed.P50Ms - Proxy.P50Ms;

    public double? RoutedMinusProxyP99Ms => Routed is null || Proxy is null ? null : Routed.P99Ms - Proxy.P99Ms;

    public static IReadOnlyList<RoutedComparison> Of(IReadOnlyList<RoutedCell> cells) =>
        cells.GroupBy(c => (c.Operation, c.Connections))
            .Select(g => new RoutedComparison(g.Key.Operation, g.Key.Connections,
                g.FirstOrDefault(c => c.Target == RoutedTarget.Direct),
                g.FirstOrDefault(c => c.Target == RoutedTarget.Proxy),
                g.FirstOrDefault(c => c.Target == RoutedTarget.Routed)))
            .ToList();
}
