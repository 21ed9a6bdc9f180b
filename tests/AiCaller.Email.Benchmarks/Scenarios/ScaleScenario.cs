using System.Globalization;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// The scale proof: one tenant with S mailboxes seeded through the storage layer and O more connected through OAuth
/// on top, then what an operator notices at that size: read latency, the bytes a token refresh writes, a restart,
/// the database's size and the memory of active mailboxes. Starts its own host, because the tenant needs more room
/// than MAX_MAILBOXES_PER_TENANT's default, and restarts it. This file: the order of the phases and the targets.
/// </summary>
public sealed partial class ScaleScenario : IBenchmarkScenario
{
    private const int ReadSamples = 300;
    private const double HealthTargetMs = 50;
    private const double AccountsTargetMs = 20;

    /// <summary>The last tenth of the OAuth connects may be at most this much slower than the first.</summary>
    private const double ConnectRateTolerance = 0.2;

    public string Name => "scale";

    public string Description => "S mailboxes seeded through storage, O more through OAuth; reads, refresh writes, restart, size, memory";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var tenant = BenchmarkTenant.Scale;
        var seeded = Enumerable.Range(0, options.Seeded).Select(n => BenchmarkMailbox.Numbered(tenant, n)).ToList();
        var connecting = Enumerable.Range(options.Seeded, options.OAuthConnected).Select(n => BenchmarkMailbox.Numbered(tenant, n)).ToList();

        Console.WriteLine("  starting the provider emulator and the API host (embedded silo, temporary DATA_DIR)");
        await using var world = await BenchmarkWorld.StartAsync(new Dictionary<string, string?>
        {
            // The tenant holds S + O mailboxes; the 110,000 are more than the default limit of 100,000.
            ["MAX_MAILBOXES_PER_TENANT"] = (seeded.Count + connecting.Count).ToString(CultureInfo.InvariantCulture),
        });
        await world.EnsureConnectedAsync(BenchmarkTenant.Few, ScenarioContext.WarmUpMailboxes, options.Concurrency);

        var tables = new List<ResultTable>();
        var seeding = await SeedAsync(world, seeded, context);
        seeded = seeded.Take(seeding.Seeded).ToList();
        tables.Add(seeding.Table);
        var readsAtSeeded = await MeasureReadsAsync(world, seeded, context);
        if (context.Cancellation.IsCancellationRequested)
        {
            return tables;
        }

        var connect = await ConnectAsync(world, connecting, context);
        tables.Add(connect.Table);
        var connected = world.Connected(tenant);
        var readsAtAll = await MeasureReadsAsync(world, [.. seeded, .. connected], context);
        tables.Add(ReadsTable(seeded.Count, readsAtSeeded, seeded.Count + connected.Count, readsAtAll));
        if (context.Cancellation.IsCancellationRequested)
        {
            return tables;
        }

        tables.Add(await RefreshAsync(world, connected, seeded, context));
        tables.Add(await RestartAsync(world, seeded.Count + connected.Count));
        tables.Add(await MemoryAsync(world, seeded, context));
        tables.Add(TargetsTable(seeded.Count, connect, readsAtSeeded));
        return tables;
    }

    private ResultTable TargetsTable(int seeded, ConnectOutcome connect, Reads reads)
    {
        var slowdown = connect.FirstTenthPerSecond > 0 ? 1 - (connect.LastTenthPerSecond / connect.FirstTenthPerSecond) : double.NaN;
        return new ResultTable($"scale: targets at {seeded:N0} seeded mailboxes", "target", "measured", "met")
            .Add(
                $"OAuth connects/s of the last 10% within {ConnectRateTolerance:P0} of the first",
                $"{connect.FirstTenthPerSecond:0.0} → {connect.LastTenthPerSecond:0.0} ({-slowdown:+0%;-0%;0%})",
                Met(slowdown <= ConnectRateTolerance))
            .Add($"/api/health/integrations p50 ≤ {HealthTargetMs} ms", $"{LatencySummary.Ms(reads.Health.P50)} ms", Met(reads.Health.P50 <= HealthTargetMs))
            .Add($"accounts page (limit {AccountsPageProbe.PageSize}) p50 ≤ {AccountsTargetMs} ms", $"{LatencySummary.Ms(reads.Accounts.P50)} ms",
                Met(reads.Accounts.P50 <= AccountsTargetMs));
    }

    private static string Met(bool met) => met ? "yes" : "NO";
}
