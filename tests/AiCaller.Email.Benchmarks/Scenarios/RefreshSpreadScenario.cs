using System.Diagnostics;
using System.Globalization;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// A refresh storm: N mailboxes whose tokens expire within the same minute, a token endpoint that lets only so many
/// requests a second through, and API calls on the mailboxes meanwhile. Shows whether the product's jittered refresh
/// spreads the refreshes out, backs off when throttled, still refreshes every mailbox, and never calls the provider
/// with an expired token. The product runs with its own refresh settings, capped for the shorter token lifetime.
/// </summary>
public sealed class RefreshSpreadScenario : IBenchmarkScenario
{
    /// <summary>After the last expiry, how long the product has to refresh the mailboxes it has not refreshed yet.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(90);

    public string Name => "refresh-spread";

    public string Description => "mailboxes whose tokens expire within the same minute, against a rate-limited token endpoint";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options.RefreshSpread;
        var wall = Stopwatch.StartNew();
        var loadAtStart = LoadAverage.Now();
        Console.WriteLine("  starting the provider emulator and the API host (embedded silo, temporary DATA_DIR)");
        await using var world = await BenchmarkWorld.StartAsync(new Dictionary<string, string?>
        {
            // Each throttled refresh logs a warning: thousands of lines, which the report counts instead.
            ["Logging:LogLevel:AiCaller.Email.Grains.Mailboxes.MailboxGrain"] = "Error",
        });
        var mailboxOptions = world.Host.Services.GetRequiredService<IOptions<MailboxOptions>>().Value;
        var window = RefreshWindow.For(options.TokenLifetimeSeconds, mailboxOptions.RefreshLeadTime, mailboxOptions.RefreshJitter);
        Console.WriteLine($"  token lifetime {options.TokenLifetimeSeconds} s: the product refreshes {window.EarliestSeconds:0} … {window.LeadSeconds:0} s " +
            $"before expiry (lead {mailboxOptions.RefreshLeadTime.TotalSeconds:0} s and jitter {mailboxOptions.RefreshJitter.TotalSeconds:0} s, " +
            "each at most a quarter of the lifetime)");

        var mailboxes = await world.EnsureConnectedAsync(BenchmarkTenant.Bench, options.Mailboxes, context.Options.Concurrency);
        var setup = wall.Elapsed;
        var expiries = await RearmAsync(world, mailboxes, options.TokenLifetimeSeconds, context);
        var expirySpread = (expiries.Values.Max() - expiries.Values.Min()).TotalSeconds;
        Console.WriteLine($"  the {mailboxes.Count} tokens expire within {expirySpread:0.0} s of each other");

        await world.Control.ClearRequestsAsync();
        await world.Control.SetRateLimitAsync(new RateLimitRule(RequestTarget.GoogleToken, options.TokenRequestsPerSecond));
        var round = Stopwatch.StartNew();
        var watch = new RefreshWatch(world.Control, mailboxes, await world.Control.GetGoogleStatsAsync());
        var api = world.Api(BenchmarkTenant.Bench);
        var calls = new PacedCalls(options.ApiCallsPerSecond, () => CallAsync(api, watch.NextCallee()));
        using var stopCalls = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        var calling = calls.RunAsync(stopCalls.Token);
        var deadline = expiries.Values.Max() + Grace;
        Console.WriteLine($"  token endpoint limited to {options.TokenRequestsPerSecond} requests/s; {options.ApiCallsPerSecond} API calls/s meanwhile, " +
            $"half of them on mailboxes still waiting for a new token; the round ends when every mailbox has one, or {Grace.TotalSeconds:0} s " +
            $"after the last expiry ({(deadline - DateTimeOffset.UtcNow).TotalSeconds:0} s from now)");
        await watch.WaitAsync(expiries.Values.Min(), deadline, context.Cancellation);
        await stopCalls.CancelAsync();
        await calling;
        var roundTime = round.Elapsed;

        var refreshRound = RefreshRound.Read(
            await world.Control.GetRequestsAsync(RequestTarget.GoogleToken), await world.Control.GetRequestsAsync(RequestTarget.Gmail), expiries);
        var unrefreshed = await UnrefreshedAsync(world, mailboxes, expiries, context);
        var run = new ResultTable("refresh-spread: the run", "fact", "value")
            .Add("mailboxes (Gmail, one tenant)", mailboxes.Count.ToString(CultureInfo.InvariantCulture))
            .Add("token lifetime; product's refresh window before expiry", $"{options.TokenLifetimeSeconds} s; {window.EarliestSeconds:0} … {window.LeadSeconds:0} s")
            .Add("old tokens expire within", $"{expirySpread:0.0} s")
            .Add("token endpoint limit (emulator, 429 beyond it, no Retry-After)", $"{options.TokenRequestsPerSecond} requests/s")
            .Add("API calls during the round", $"{options.ApiCallsPerSecond}/s, GET .../messages?max_results=1, half on mailboxes waiting for a new token")
            .Add("setup (connect) / round / whole scenario", $"{setup.TotalSeconds:0} s / {roundTime.TotalSeconds:0} s / {wall.Elapsed.TotalSeconds:0} s")
            .Add("load average at start / end", $"{loadAtStart} / {LoadAverage.Now()}");
        var report = new RefreshSpreadReport(MachineFacts.Describe(context.Options), run,
            refreshRound, window, options.TokenRequestsPerSecond, mailboxes.Count, unrefreshed, calls.Outcomes, calls.Skipped);
        var stem = $"refresh-spread-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}{(context.Options.Quick ? "-quick" : "")}";
        var files = await report.WriteAsync(options.ResultsDirectory, stem, expirySpread);
        files.ToList().ForEach(file => Console.WriteLine($"  wrote {file}"));
        if (!context.Options.Quick && options.AreDefaults)
        {
            // The README shows the chart of the last run with the defaults; other runs check or explore.
            var readmeChart = Path.Combine(BenchmarkProject.Directory, "refresh-storm.png");
            File.Copy(files.Single(f => f.EndsWith(".png", StringComparison.Ordinal)), readmeChart, overwrite: true);
            Console.WriteLine($"  copied the chart to {readmeChart}");
        }

        return report.Tables;
    }

    /// <summary>
    /// Gives every mailbox a token of the round's lifetime at once, through its grain's CheckToken (one refresh each),
    /// so that all of them expire within the same few seconds however long connecting took. Returns each expiry as the
    /// product stored it.
    /// </summary>
    private static async Task<Dictionary<string, DateTimeOffset>> RearmAsync(
        BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> mailboxes, int lifetime, ScenarioContext context)
    {
        await world.Control.SetTokenLifetimeAsync(lifetime);
        var grains = world.Host.Services.GetRequiredService<IGrainFactory>();
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        var result = await LoadRunner.RunAsync("tokens of the round", mailboxes.Count, context.Options.Concurrency, TimeSpan.FromMinutes(5), async i =>
        {
            var status = await grains.GetGrain<IMailboxGrain>(mailboxes[i].Key.ToGrainKey()).CheckTokenAsync();
            lock (expiries)
            {
                expiries[mailboxes[i].Email] = status.ExpiresAt ?? DateTimeOffset.MinValue;
            }

            return status.Status == MailboxStatusKind.Connected && status.ExpiresAt is not null ? "ok" : status.Status.ToSlug();
        }, context.Cancellation);
        return result.Outcomes.Of("ok") == mailboxes.Count
            ? expiries
            : throw new InvalidOperationException($"could not give every mailbox a token of the round: {result.Outcomes.Errors("ok")}");
    }

    private static async Task<string> CallAsync(HttpClient api, BenchmarkMailbox mailbox)
    {
        using var response = await api.GetAsync($"{mailbox.Path}/messages?max_results=1");
        return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The mailboxes whose status, read through the API, is not connected with a token newer than the round's.</summary>
    private static async Task<IReadOnlyList<string>> UnrefreshedAsync(
        BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> mailboxes, IReadOnlyDictionary<string, DateTimeOffset> expiries, ScenarioContext context)
    {
        var api = world.Api(BenchmarkTenant.Bench);
        var unrefreshed = new List<string>();
        await LoadRunner.RunAsync("status at the end", mailboxes.Count, context.Options.Concurrency, TimeSpan.FromMinutes(5), async i =>
        {
            var status = await ApiMailboxStatus.ReadAsync(api, mailboxes[i]);
            if (status.Status != "connected" || status.ExpiresAt is not { } expiresAt || expiresAt <= expiries[mailboxes[i].Email])
            {
                lock (unrefreshed)
                {
                    unrefreshed.Add(mailboxes[i].Account);
                }
            }

            return "ok";
        }, CancellationToken.None);
        return [.. unrefreshed.Order(StringComparer.Ordinal)];
    }
}
