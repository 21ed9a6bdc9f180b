using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;
using AiCaller.Email.Grains.Mailboxes;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>The phases that write: seeding through storage, connecting through OAuth, and a batch of token refreshes.</summary>
public sealed partial class ScaleScenario
{
    private const int WritesPerSeededMailbox = 3;

    private sealed record SeedOutcome(int Seeded, ResultTable Table);

    private sealed record ConnectOutcome(double FirstTenthPerSecond, double LastTenthPerSecond, ResultTable Table);

    private static async Task<SeedOutcome> SeedAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> mailboxes, ScenarioContext context)
    {
        var options = context.Options;
        var seeder = new MailboxSeeder(world.Host.Services);
        Console.WriteLine($"  seeding {mailboxes.Count:N0} connected mailboxes through the host's storage classes, {options.Concurrency} at a time");
        var written = DiskWrites.SoFar();
        var result = await LoadRunner.RunAsync("seed", mailboxes.Count, options.Concurrency, options.ScaleLoopTimeLimit, async i =>
        {
            await seeder.SeedAsync(mailboxes[i]);
            return "ok";
        }, context.Cancellation);
        var seeded = result.Outcomes.Of("ok");
        if (result.Outcomes.Errors("ok") != "none")
        {
            throw new InvalidOperationException($"seeding failed: {result.Outcomes.Errors("ok")}");
        }

        // The product must read what was seeded as a connected mailbox, or every later figure would be about something else.
        foreach (var mailbox in seeded == 0 ? [] : new[] { mailboxes[0], mailboxes[seeded - 1] })
        {
            using var status = await world.Api(mailbox.Tenant).GetAsync($"{mailbox.Path}/status");
            var body = await status.Content.ReadAsStringAsync();
            if (!status.IsSuccessStatusCode || !body.Contains("\"connected\"", StringComparison.Ordinal) || !body.Contains(mailbox.Email, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"seeded mailbox {mailbox.Account} does not read as connected: {(int)status.StatusCode} {body}");
            }
        }

        var table = new ResultTable($"scale: {mailboxes.Count:N0} mailboxes seeded through storage, concurrency {options.Concurrency}", "measure", "value")
            .Add("seeded", $"{seeded:N0}/{mailboxes.Count:N0}")
            .Add("elapsed", $"{result.Elapsed.TotalSeconds:0.0} s")
            .Add("mailboxes/s", $"{result.PerSecond:0.0}")
            .Add($"database writes/s ({WritesPerSeededMailbox} transactions per mailbox)", $"{result.PerSecond * WritesPerSeededMailbox:0}")
            .Add("per mailbox p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("bytes written to disk per mailbox", DiskWrites.PerOperation(written, DiskWrites.SoFar(), seeded));
        return new SeedOutcome(seeded, table);
    }

    private static async Task<ConnectOutcome> ConnectAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> mailboxes, ScenarioContext context)
    {
        var options = context.Options;
        var api = world.Api(BenchmarkTenant.Scale);
        Console.WriteLine($"  connecting {mailboxes.Count:N0} more mailboxes of the same tenant through OAuth, {options.Concurrency} at a time");
        var before = await world.Control.GetGoogleStatsAsync();
        var written = DiskWrites.SoFar();
        var completions = new CompletionRate();
        var result = await LoadRunner.RunAsync("oauth connect", mailboxes.Count, options.Concurrency, options.ScaleLoopTimeLimit, async i =>
        {
            var outcome = await world.Connector.ConnectAsync(api, mailboxes[i]);
            if (outcome == OAuthConnector.Connected)
            {
                world.RecordConnected(mailboxes[i]);
            }

            completions.Record();
            return outcome;
        }, context.Cancellation);

        var diskPerConnect = DiskWrites.PerOperation(written, DiskWrites.SoFar(), result.Latency.Count);
        var after = await world.Control.GetGoogleStatsAsync();
        var first = result.Latencies.SummarizeSlice(0, 0.1);
        var last = result.Latencies.SummarizeSlice(0.9, 1);
        var firstRate = completions.PerSecondBetween(0, 0.1);
        var lastRate = completions.PerSecondBetween(0.9, 1);
        var table = new ResultTable($"scale: {mailboxes.Count:N0} more mailboxes connected through OAuth, concurrency {options.Concurrency}", "measure", "value")
            .Add("connected", $"{result.Outcomes.Of(OAuthConnector.Connected):N0}/{mailboxes.Count:N0}")
            .Add("elapsed", $"{result.Elapsed.TotalSeconds:0.0} s")
            .Add("mailboxes/s, whole run", $"{result.PerSecond:0.0}")
            .Add("mailboxes/s, first 10% → last 10%", $"{firstRate:0.0} → {lastRate:0.0}")
            .Add("p50 of the first 10% → last 10% (ms)", $"{LatencySummary.Ms(first.P50)} → {LatencySummary.Ms(last.P50)}")
            .Add("latency p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("errors", result.Outcomes.Errors(OAuthConnector.Connected))
            .Add("bytes written to disk per connect", diskPerConnect)
            .Add("emulator: code exchanges / refreshes", $"{after.CodeExchanges - before.CodeExchanges} / {after.Refreshes - before.Refreshes}");
        return new ConnectOutcome(firstRate, lastRate, table);
    }

    /// <summary>
    /// Refreshes the tokens of OAuth-connected mailboxes through their grains (CheckToken: one refresh at the emulator
    /// and one state write each) and compares what the disk took with the size of the state rows.
    /// </summary>
    private static async Task<ResultTable> RefreshAsync(
        BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> connected, IReadOnlyList<BenchmarkMailbox> seeded, ScenarioContext context)
    {
        var options = context.Options;
        var batch = connected.Take(options.Quick ? 200 : 1000).ToList();
        var grains = world.Host.Services.GetRequiredService<IGrainFactory>();
        Console.WriteLine($"  refreshing the tokens of {batch.Count} OAuth-connected mailboxes");
        var before = await world.Control.GetGoogleStatsAsync();
        var written = DiskWrites.SoFar();
        var result = await LoadRunner.RunAsync("refresh", batch.Count, options.Concurrency, options.LoopTimeLimit, async i =>
        {
            var status = await grains.GetGrain<IMailboxGrain>(batch[i].Key.ToGrainKey()).CheckTokenAsync();
            return status.Status == MailboxStatusKind.Connected ? "ok" : status.Status.ToSlug();
        }, context.Cancellation);
        var diskPerRefresh = DiskWrites.PerOperation(written, DiskWrites.SoFar(), result.Outcomes.Of("ok"));
        var after = await world.Control.GetGoogleStatsAsync();

        var refreshedPayloads = await StoredStatePayloads.SizesAsync(world.Host.Services, batch);
        var seededPayloads = await StoredStatePayloads.SizesAsync(world.Host.Services, seeded.Take(batch.Count).ToList());
        return new ResultTable($"scale: {batch.Count} token refreshes, concurrency {options.Concurrency}", "measure", "value")
            .Add("refreshed (emulator: refresh grants)", $"{result.Outcomes.Of("ok")}/{batch.Count} ({after.Refreshes - before.Refreshes})")
            .Add("errors", result.Outcomes.Errors("ok"))
            .Add("refreshes/s", $"{result.PerSecond:0.0}")
            .Add("latency p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("grain_state payload after refresh, mean (min … max) bytes", Bytes(refreshedPayloads))
            .Add("grain_state payload of seeded mailboxes, mean (min … max) bytes", Bytes(seededPayloads))
            .Add("bytes written to disk per refresh (WAL frames, checkpoints)", diskPerRefresh);
    }

    private static string Bytes(SpreadStatistics sizes) => $"{sizes.Mean:N0} ({sizes.Min:N0} … {sizes.Max:N0})";
}
