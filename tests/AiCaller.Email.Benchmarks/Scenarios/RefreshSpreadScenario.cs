using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// Connects M mailboxes at once with short-lived tokens and records when the emulator saw each one's first
/// refresh, relative to that token's expiry: jitter should spread them over the jitter window instead of
/// letting them all refresh together. Waits for one refresh round only.
/// </summary>
public sealed class RefreshSpreadScenario : IBenchmarkScenario
{
    private const int HistogramBuckets = 6;

    public string Name => "refresh-spread";

    public string Description => "short token lifetime; when each mailbox's proactive refresh reaches the emulator";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var lifetime = options.TokenLifetimeSeconds;
        // The product caps lead and jitter at a quarter of the lifetime: use the whole quarter for jitter.
        var lead = Math.Max(1, lifetime / 12);
        var jitter = lifetime / 4;
        Console.WriteLine($"  token lifetime {lifetime} s, TOKEN_REFRESH_LEAD_SECONDS={lead}, TOKEN_REFRESH_JITTER_SECONDS={jitter}");
        await using var world = await BenchmarkWorld.StartAsync(new Dictionary<string, string?>
        {
            ["TOKEN_REFRESH_LEAD_SECONDS"] = lead.ToString(CultureInfo.InvariantCulture),
            ["TOKEN_REFRESH_JITTER_SECONDS"] = jitter.ToString(CultureInfo.InvariantCulture),
        });
        await world.Control.SetTokenLifetimeAsync(lifetime);

        var tenant = BenchmarkTenant.Bench;
        var mailboxes = await world.EnsureConnectedAsync(tenant, options.Mailboxes, options.Concurrency);
        var expiries = await ExpiriesAsync(world.Api(tenant), mailboxes);

        var deadline = expiries.Values.Max() - TimeSpan.FromSeconds(lead) + TimeSpan.FromSeconds(10);
        await WaitForRefreshesAsync(world, mailboxes.Count, deadline, context.Cancellation);

        var refreshes = (await world.Control.GetRequestsAsync("google-token"))
            .Where(r => r.GrantType == "refresh_token" && r.User is not null && expiries.ContainsKey(r.User))
            .ToList();
        var firstRefresh = refreshes.Where(r => r.Status == 200).GroupBy(r => r.User!).ToDictionary(g => g.Key, g => g.Min(r => r.At));
        var offsets = firstRefresh.Select(r => (r.Value - expiries[r.Key]).TotalSeconds).ToList();
        var spread = SpreadStatistics.Of(offsets);
        var expirySpread = SpreadStatistics.Of(expiries.Values.Select(e => (e - expiries.Values.Min()).TotalSeconds).ToList());
        var earliestRefresh = firstRefresh.Count == 0 ? default : firstRefresh.Values.Min();
        var refreshTimes = SpreadStatistics.Of(firstRefresh.Values.Select(t => (t - earliestRefresh).TotalSeconds).ToList());
        var peak = firstRefresh.Values.GroupBy(t => t.ToUnixTimeSeconds()).Select(g => g.Count()).DefaultIfEmpty(0).Max();

        var summary = new ResultTable($"refresh-spread: {mailboxes.Count} mailboxes, lifetime {lifetime} s, lead {lead} s, jitter {jitter} s", "measure", "value")
            .Add("mailboxes refreshed in the round", $"{firstRefresh.Count}/{mailboxes.Count}")
            .Add("failed refresh requests", refreshes.Count(r => r.Status != 200).ToString())
            .Add("expected offset window (s before expiry)", $"{lead + jitter} … {lead}")
            .Add("refresh offset to expiry min / max (s)", $"{spread.Min:0.0} / {spread.Max:0.0}")
            .Add("refresh offset mean / stddev (s)", $"{spread.Mean:0.0} / {spread.StdDev:0.0} (uniform jitter: stddev {jitter / Math.Sqrt(12):0.0})")
            .Add("expiries spread over (connect burst)", $"{expirySpread.Range:0.0} s")
            .Add("refreshes spread over", $"{refreshTimes.Range:0.0} s")
            .Add("most refreshes in one second", $"{peak} of {firstRefresh.Count}");
        return [summary, Histogram(offsets, lead, jitter)];
    }

    private static async Task<Dictionary<string, DateTimeOffset>> ExpiriesAsync(HttpClient api, IReadOnlyList<BenchmarkMailbox> mailboxes)
    {
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in mailboxes)
        {
            var status = await api.GetFromJsonAsync<JsonElement>($"{mailbox.Path}/status");
            expiries[mailbox.Email] = status.GetProperty("expires_at").GetDateTimeOffset();
        }

        return expiries;
    }

    /// <summary>Polls the emulator's counters until every mailbox refreshed once or the round's deadline passed.</summary>
    private static async Task WaitForRefreshesAsync(BenchmarkWorld world, int expected, DateTimeOffset deadline, CancellationToken ct)
    {
        var wait = deadline - DateTimeOffset.UtcNow;
        Console.WriteLine($"  waiting up to {wait.TotalSeconds:0} s for one refresh round");
        var progress = new ProgressReporter("refreshes seen", expected);
        var clock = Stopwatch.StartNew();
        var seen = 0;
        var lastHeartbeat = TimeSpan.Zero;
        while (seen < expected && DateTimeOffset.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            await Task.Delay(500, CancellationToken.None);
            var now = (await world.Control.GetGoogleStatsAsync()).Refreshes;
            if (now > seen)
            {
                progress.Advance(Math.Min(now, expected) - seen);
                seen = Math.Min(now, expected);
            }

            if (clock.Elapsed - lastHeartbeat >= wait / 10)
            {
                lastHeartbeat = clock.Elapsed;
                Console.WriteLine($"  [wait] {clock.Elapsed.TotalSeconds:0} s of at most {wait.TotalSeconds:0} s, {seen}/{expected} refreshed");
            }
        }
    }

    private static ResultTable Histogram(IReadOnlyList<double> offsets, int lead, int jitter)
    {
        var table = new ResultTable("refresh offsets to expiry (s)", "window", "refreshes", "share");
        var width = (double)jitter / HistogramBuckets;
        var earliest = -(lead + jitter);
        for (var b = 0; b < HistogramBuckets; b++)
        {
            var from = earliest + b * width;
            var to = from + width;
            var count = offsets.Count(o => o >= from && (o < to || (b == HistogramBuckets - 1 && o <= to + 0.5)));
            table.Add($"{from:0.0} … {to:0.0}", count.ToString(), Bar(count, offsets.Count));
        }

        var outside = offsets.Count(o => o < earliest || o > -lead + 0.5);
        table.Add("outside the window", outside.ToString(), Bar(outside, offsets.Count));
        return table;
    }

    private static string Bar(int count, int total) =>
        total == 0 ? string.Empty : new string('#', (int)Math.Round(30.0 * count / total)) + $" {100.0 * count / total:0}%";
}
