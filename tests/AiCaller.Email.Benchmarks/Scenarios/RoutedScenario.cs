using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// The routed path against its floor, with wrk, in one run: per operation and number of connections, nginx answering
/// the provider calls from canned JSON (direct), nginx as a reverse proxy in front of it (proxy), and the API host as
/// its own process calling that nginx (routed). Each cell is warmed up before it is measured.
/// </summary>
public sealed class RoutedScenario : IBenchmarkScenario
{
    /// <summary>MAILBOX_MAX_CONCURRENT_CALLS's default: provider calls of one mailbox beyond it wait their turn.</summary>
    private const int MailboxGate = 4;

    /// <summary>Connections of the one-time warm-up of the product per operation (JIT, tiering, pools).</summary>
    private const int WarmUpConnections = 16;

    // The product's defaults (MailboxOptions): a proactive refresh comes at most this long before a token expires.
    private static readonly TimeSpan RefreshLead = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RefreshJitter = TimeSpan.FromMinutes(2);

    // What direct and proxy send as the access token: nginx does not read it, but the header is part of every call.
    private static readonly string StandInToken = "ya29.a0Ad52N3" + new string('x', 140);

    public string Name => "routed";

    public string Description =>
        "wrk against nginx with canned Gmail/Graph JSON (direct), nginx as a reverse proxy (proxy) and the API host as its own process (routed)";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var routed = options.Routed;
        var operations = RoutedOperation.Select(routed.Operations);
        await RequiredPrograms.EnsureAsync();
        var clock = Stopwatch.StartNew();
        var machine = MachineFacts.Describe(options);
        var loadAtStart = LoadAverage.Now();
        var stem = $"routed-{DateTime.UtcNow:yyyyMMdd-HHmmss}{(options.Quick ? "-quick" : string.Empty)}";

        if (routed.Connections.Max() > MailboxGate * routed.MailboxesPerProvider)
        {
            Console.WriteLine($"  note: {routed.Connections.Max()} connections over {routed.MailboxesPerProvider} mailboxes exceed {MailboxGate} calls per mailbox: " +
                "routed then measures the mailboxes' queues, not the path");
        }

        await using var world = await RoutedWorld.StartAsync();
        var mailboxes = new Dictionary<ProviderName, IReadOnlyList<BenchmarkMailbox>>();
        foreach (var provider in operations.Select(o => o.Provider).Distinct())
        {
            mailboxes[provider] = await world.ConnectAsync(provider, routed.MailboxesPerProvider, options.Concurrency);
        }

        Console.WriteLine("  setup: each operation once through the API, with the stand-in logging the provider calls it gets");
        var plans = new List<Plan>();
        foreach (var operation in operations)
        {
            plans.Add(await TryOnceAsync(world, operation, mailboxes[operation.Provider]));
        }

        await world.StandIn.StopLoggingCallsAsync();

        var wrk = new WrkRunner(world.Scripts);
        Console.WriteLine($"  warm-up: each operation routed for {routed.ProductWarmUpSeconds} s at {WarmUpConnections} connections");
        foreach (var plan in plans.TakeWhile(_ => !context.Cancellation.IsCancellationRequested))
        {
            var warm = await wrk.RunAsync($"{plan.Operation.Name} product warm-up", world.Host.BaseUrl, plan.ApiCalls,
                WarmUpConnections, routed.ProductWarmUpSeconds, context.Cancellation);
            Console.WriteLine($"  [warm-up] {plan.Operation.Name}: {warm.RequestsPerSecond:N0} req/s, errors {warm.Errors}");
        }

        var cellCount = plans.Count * routed.Connections.Count * Enum.GetValues<RoutedTarget>().Length;
        var tokenWindow = await TokenWindowAsync(world.Api, mailboxes.Values.Select(m => m[0]));
        var plannedEnd = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(cellCount * (routed.WarmUpSeconds + routed.CellSeconds + 0.3));
        if (tokenWindow is { } due && due < plannedEnd)
        {
            Console.WriteLine($"  note: the first proactive token refresh may come at {due:HH:mm:ss} UTC, before the cells end (about {plannedEnd:HH:mm:ss})");
        }

        var refreshesBefore = await RefreshesAsync(world);
        Console.WriteLine($"  measuring {cellCount} cells: {routed.WarmUpSeconds} s warm-up + {routed.CellSeconds} s each, about {cellCount * (routed.WarmUpSeconds + routed.CellSeconds) / 60.0:0.0} min");
        var cells = await MeasureAsync(world, wrk, plans, routed, cellCount, context.Cancellation);
        var refreshesAfter = await RefreshesAsync(world);

        var run = new ResultTable("Run", "fact", "value")
            .Add("nginx", $"{ProviderStandIn.Version()}, {Environment.ProcessorCount} workers (auto), keep-alive to the canned server")
            .Add("wrk", $"{WrkRunner.Version()}; {WrkRunner.Threads} threads (1 for 1 connection), --timeout 5s")
            .Add("API host", $"own process (dotnet AiCaller.Email.Api.dll, Release), {ApiProcess.GarbageCollector()} GC, embedded silo, SQLite in a temporary DATA_DIR, logging at Warning, rate limits off")
            .Add("mailboxes", string.Join(", ", mailboxes.Select(m => $"{m.Value.Count} {m.Key.ToDisplayName()}")) + $" of one tenant, connected through OAuth; at most {MailboxGate} provider calls at once per mailbox (default)")
            .Add("cells", $"{plans.Count} operations × 3 targets × connections {string.Join(", ", routed.Connections)}; {routed.WarmUpSeconds} s warm-up + {routed.CellSeconds} s measured each")
            .Add("product warm-up", $"{routed.ProductWarmUpSeconds} s per operation at {WarmUpConnections} connections, before the cells")
            .Add("load average at start / end", $"{loadAtStart} / {LoadAverage.Now()}")
            .Add("token refreshes during the cells", (refreshesAfter - refreshesBefore).ToString(CultureInfo.InvariantCulture))
            .Add("first proactive token refresh due", tokenWindow is { } first ? $"{first:HH:mm:ss} UTC (cells ended {DateTimeOffset.UtcNow:HH:mm:ss} UTC)" : "unknown")
            .Add("elapsed", $"{clock.Elapsed.TotalSeconds:0} s");

        var report = new RoutedReport(machine, run, plans.Select(p => p.Calls).ToList(), cells);
        var files = await report.WriteAsync(routed.ResultsDirectory, stem);
        var apiLog = Path.Combine(routed.ResultsDirectory, $"{stem}-api.log");
        await File.WriteAllLinesAsync(apiLog, world.Host.Output);
        Console.WriteLine($"  wrote {string.Join(", ", files.Append(apiLog))}");
        if (!options.Quick && routed.Operations.Count == 0)
        {
            // The README embeds the chart of a full run; a --quick run is a check of the harness, not a figure.
            var embedded = Path.Combine(BenchmarkProject.Directory, "routed-path.png");
            File.Copy(files[2], embedded, overwrite: true);
            Console.WriteLine($"  copied the chart to {embedded}");
        }

        return report.Tables;
    }

    /// <summary>
    /// One request of the operation through the API, which must answer 200 with what the canned answer holds; the
    /// stand-in's log says which provider calls it made, and direct and proxy replay exactly those, with the bodies the
    /// product sent.
    /// </summary>
    private static async Task<Plan> TryOnceAsync(RoutedWorld world, RoutedOperation operation, IReadOnlyList<BenchmarkMailbox> mailboxes)
    {
        var mailbox = mailboxes[0];
        var call = operation.ApiCall(mailbox);
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.PathAndQuery);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body) { Headers = { ContentType = new MediaTypeHeaderValue(call.Headers["Content-Type"]) } };
        }

        var logged = world.StandIn.CallsLogLength;
        using var response = await world.Api.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        var problem = !response.IsSuccessStatusCode ? $"the API answered {(int)response.StatusCode}"
            : operation.Sends && !answer.Contains("\"provider\"", StringComparison.Ordinal) ? "the answer is not a send result"
            : !operation.Sends && !answer.Contains(CannedAnswers.Subject, StringComparison.Ordinal) ? "the answer does not carry the canned subject"
            : operation.Name.EndsWith("-get", StringComparison.Ordinal) && !answer.Contains(CannedAnswers.BodyPhrase, StringComparison.Ordinal) ? "the answer does not carry the canned body"
            : operation.ListLength > 0 && Listed(answer) != operation.ListLength ? $"the answer lists {Listed(answer)} messages, not {operation.ListLength}"
            : null;
        // nginx writes the log line once the answer is out: give it a moment.
        await Task.Delay(300);
        var calls = await world.StandIn.CallsSinceAsync(logged);
        if (problem is null && (calls.Count == 0 || calls.Any(c => c.Status >= 400)))
        {
            problem = "the stand-in got no call or answered one with an error";
        }

        if (problem is null && calls.Any(c => c.ContentLength is > 0 && c.Body?.Length != c.ContentLength))
        {
            problem = "the stand-in logged a body that is not as long as the request said";
        }

        var callList = string.Join("; ", calls.Select(c => $"{c.Method} {c.PathAndQuery} → {c.Status}"));
        if (problem is not null)
        {
            throw new InvalidOperationException(
                $"{operation.Name}: {problem}: {answer}{Environment.NewLine}provider calls: {callList}{Environment.NewLine}{world.Host.OutputTail()}");
        }

        Console.WriteLine($"  [{operation.Name}] {calls.Count} provider call(s): {callList}");
        var providerCalls = calls.Select(c =>
        {
            var headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {StandInToken}" };
            if (c.ContentType is not null)
            {
                headers["Content-Type"] = c.ContentType;
            }

            return new HttpCall(c.Method, c.PathAndQuery, headers, c.Body);
        }).ToList();
        return new Plan(
            operation,
            mailboxes.Select(operation.ApiCall).ToList(),
            providerCalls,
            new RoutedOperationCalls(operation.Name, operation.Description, calls));
    }

    private static async Task<List<RoutedCell>> MeasureAsync(
        RoutedWorld world, WrkRunner wrk, IReadOnlyList<Plan> plans, RoutedOptions routed, int cellCount, CancellationToken ct)
    {
        var cells = new List<RoutedCell>();
        foreach (var plan in plans)
        {
            foreach (var connections in routed.Connections)
            {
                // Targets take turns within each operation and connection count, so that a change on the machine hits all three alike.
                foreach (var target in Enum.GetValues<RoutedTarget>())
                {
                    if (ct.IsCancellationRequested)
                    {
                        return cells;
                    }

                    var (url, calls, perOperation) = target switch
                    {
                        RoutedTarget.Direct => (world.StandIn.Direct, plan.ProviderCalls, plan.ProviderCalls.Count),
                        RoutedTarget.Proxy => (world.StandIn.Proxy, plan.ProviderCalls, plan.ProviderCalls.Count),
                        _ => (world.Host.BaseUrl, plan.ApiCalls, 1),
                    };
                    var title = $"{plan.Operation.Name}, {connections} connections, {target.ToString().ToLowerInvariant()}";
                    await wrk.RunAsync($"{title} (warm-up)", url, calls, connections, routed.WarmUpSeconds, ct);
                    var cpuBefore = world.Host.ProcessorTime;
                    var result = await wrk.RunAsync(title, url, calls, connections, routed.CellSeconds, ct);
                    TimeSpan? apiCpu = target == RoutedTarget.Routed ? world.Host.ProcessorTime - cpuBefore : null;
                    var cell = new RoutedCell(plan.Operation.Name, connections, target, WrkRunner.ThreadsFor(connections), perOperation, result, apiCpu);
                    cells.Add(cell);
                    Console.WriteLine($"  [routed {cells.Count}/{cellCount}] {title}: {cell.OperationsPerSecond:N0} op/s, " +
                        $"p50 {LatencySummary.Ms(cell.P50Ms)} ms, p99 {LatencySummary.Ms(cell.P99Ms)} ms" +
                        (cell.ApiCpuUsPerRequest is { } cpu ? $", API CPU {cpu:0} µs/request" : string.Empty) +
                        (result.Errors.Total > 0 ? $", ERRORS {result.Errors}" : string.Empty));
                }
            }
        }

        return cells;
    }

    private static int Listed(string answer)
    {
        using var page = JsonDocument.Parse(answer);
        return page.RootElement.GetProperty("messages").GetArrayLength();
    }

    /// <summary>The earliest moment a proactive refresh may come for the first-connected mailboxes (they expire first).</summary>
    private static async Task<DateTimeOffset?> TokenWindowAsync(HttpClient api, IEnumerable<BenchmarkMailbox> firstConnected)
    {
        DateTimeOffset? earliest = null;
        foreach (var mailbox in firstConnected)
        {
            var status = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
            if (status.TryGetProperty("expires_at", out var expires) && expires.ValueKind == JsonValueKind.String)
            {
                var due = expires.GetDateTimeOffset() - RefreshLead - RefreshJitter;
                earliest = earliest is null || due < earliest ? due : earliest;
            }
        }

        return earliest;
    }

    private static async Task<int> RefreshesAsync(RoutedWorld world) =>
        (await world.Emulator.Control.GetGoogleStatsAsync()).Refreshes + (await world.Emulator.Control.GetMicrosoftStatsAsync()).Refreshes;

    /// <summary>What wrk sends for an operation: the API requests over every mailbox, and the provider calls the product made.</summary>
    private sealed record Plan(RoutedOperation Operation, IReadOnlyList<HttpCall> ApiCalls, IReadOnlyList<HttpCall> ProviderCalls, RoutedOperationCalls Calls);
}
