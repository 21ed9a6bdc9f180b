using System.Globalization;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Measurement;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>
/// The routed comparison's report: per operation and number of connections, req/s, p50 and p99 of direct, proxy and
/// routed, routed ÷ proxy throughput and routed − proxy latency; with the machine, the run's facts and the provider
/// calls each operation made. Written as Markdown and JSON, with the chart beside them.
/// </summary>
public sealed class RoutedReport(
    ResultTable machine, ResultTable run, IReadOnlyList<RoutedOperationCalls> operations, IReadOnlyList<RoutedCell> cells)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public IReadOnlyList<RoutedCell> Cells => cells;

    public IReadOnlyList<ResultTable> Tables => [run, CallsTable(), .. operations.Select(o => OperationTable(o.Operation, o.Description))];

    public ResultTable CallsTable()
    {
        var table = new ResultTable("Provider calls per operation (what the product sent the stand-in; direct and proxy replay them)",
            "operation", "calls", "method and path → status", "request body");
        foreach (var operation in operations)
        {
            foreach (var (call, i) in operation.ProviderCalls.Select((c, i) => (c, i)))
            {
                var body = call.Body is { } bytes ? $"{bytes.Length} bytes {call.ContentType}" : "-";
                table.Add(i == 0 ? operation.Operation : string.Empty, i == 0 ? operation.ProviderCalls.Count.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    $"{call.Method} {call.PathAndQuery} → {call.Status}", body);
            }
        }

        return table;
    }

    public ResultTable OperationTable(string operation, string description)
    {
        var table = new ResultTable($"{operation}: {description}",
            "connections", "req/s direct / proxy / routed", "routed ÷ proxy", "p50 ms direct / proxy / routed", "routed − proxy p50",
            "p99 ms direct / proxy / routed", "routed − proxy p99", "API CPU µs/request", "errors direct / proxy / routed");
        foreach (var row in RoutedComparison.Of(cells).Where(c => c.Operation == operation).OrderBy(c => c.Connections))
        {
            table.Add(
                row.Connections.ToString(CultureInfo.InvariantCulture),
                Three(row, c => c.OperationsPerSecond.ToString("N0", CultureInfo.InvariantCulture)),
                row.RoutedOverProxy is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-",
                Three(row, c => Estimated(c, LatencySummary.Ms(c.P50Ms))),
                Delta(row.RoutedMinusProxyP50Ms),
                Three(row, c => Estimated(c, LatencySummary.Ms(c.P99Ms))),
                Delta(row.RoutedMinusProxyP99Ms),
                row.Routed?.ApiCpuUsPerRequest is { } cpu ? cpu.ToString("N0", CultureInfo.InvariantCulture) : "-",
                Three(row, c => c.Result.Errors.Total.ToString(CultureInfo.InvariantCulture)));
        }

        return table;
    }

    public string Markdown()
    {
        var text = new StringBuilder()
            .AppendLine("# Routed path: AiCaller.Email against nginx direct and nginx as a reverse proxy")
            .AppendLine()
            .AppendLine("req/s counts operations (a Gmail list of one is two provider calls for direct and proxy: their req/s is")
            .AppendLine("wrk's ÷ 2, and their latencies marked ≈ are 2 × the per-call percentile). Only ratios within one run mean")
            .AppendLine("anything: wrk, nginx and the API share the machine's cores.")
            .AppendLine()
            .AppendLine(machine.ToString());
        foreach (var table in Tables)
        {
            text.AppendLine(table.ToString());
        }

        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        Scenario = "routed",
        Machine = Facts(machine),
        Run = Facts(run),
        Operations = operations.Select(o => new
        {
            o.Operation,
            o.Description,
            CallsPerOperation = o.ProviderCalls.Count,
            ProviderCalls = o.ProviderCalls.Select(c => new
            {
                c.Method,
                c.PathAndQuery,
                c.Status,
                c.ContentType,
                BodyBytes = c.Body?.Length,
                Body = c.Body is null ? null : System.Text.Encoding.UTF8.GetString(c.Body),
            }),
        }),
        Cells = cells.Select(c => new
        {
            c.Operation,
            c.Connections,
            c.Target,
            c.Threads,
            c.CallsPerOperation,
            Seconds = Math.Round(c.Result.Seconds, 3),
            c.Result.Requests,
            RequestsPerSecond = Math.Round(c.Result.RequestsPerSecond, 1),
            OperationsPerSecond = Math.Round(c.OperationsPerSecond, 1),
            // wrk's figures are per request; for direct and proxy of a list a request is one provider call.
            LatencyPerRequestUs = c.Result.LatencyUs,
            P50PerOperationMs = Math.Round(c.P50Ms, 3),
            P99PerOperationMs = Math.Round(c.P99Ms, 3),
            ApiCpuUsPerRequest = Round(c.ApiCpuUsPerRequest, 1),
            c.Result.Errors,
            c.Result.Bytes,
        }),
        Comparisons = RoutedComparison.Of(cells).Select(c => new
        {
            c.Operation,
            c.Connections,
            RoutedOverProxy = Round(c.RoutedOverProxy, 3),
            RoutedMinusProxyP50Ms = Round(c.RoutedMinusProxyP50Ms, 3),
            RoutedMinusProxyP99Ms = Round(c.RoutedMinusProxyP99Ms, 3),
        }),
    }, Json);

    /// <summary>Writes <c>{stem}.md</c>, <c>{stem}.json</c> and <c>{stem}.png</c> into <paramref name="directory"/>; returns their paths.</summary>
    public async Task<IReadOnlyList<string>> WriteAsync(string directory, string stem)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, $"{stem}.md");
        var json = Path.Combine(directory, $"{stem}.json");
        var chart = Path.Combine(directory, $"{stem}.png");
        await File.WriteAllTextAsync(markdown, Markdown());
        await File.WriteAllTextAsync(json, ToJson());
        RoutedChart.Save(chart, operations.Select(o => o.Operation).ToList(), cells,
            $"AiCaller.Email routed path against nginx: {Facts(machine).GetValueOrDefault("mode", string.Empty)}, {Facts(machine).GetValueOrDefault("started", string.Empty)}");
        return [markdown, json, chart];
    }

    private static string Three(RoutedComparison row, Func<RoutedCell, string> format) =>
        string.Join(" / ", new[] { row.Direct, row.Proxy, row.Routed }.Select(c => c is null ? "-" : format(c)));

    private static string Estimated(RoutedCell cell, string value) =>
        cell.CallsPerOperation > 1 ? $"≈{value}" : value;

    private static string Delta(double? milliseconds) =>
        milliseconds is { } ms ? (ms >= 0 ? "+" : "−") + LatencySummary.Ms(Math.Abs(ms)) : "-";

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private static Dictionary<string, string> Facts(ResultTable table) =>
        table.Rows.ToDictionary(r => r[0], r => r[1]);
}
