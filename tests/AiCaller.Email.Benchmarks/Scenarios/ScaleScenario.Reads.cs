using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>The read phase, run at two sizes of the tenant: integration health and accounts pages, one caller at a time.</summary>
public sealed partial class ScaleScenario
{
    private sealed record Reads(LatencySummary Health, LatencySummary Accounts);

    private static async Task<Reads> MeasureReadsAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> listed, ScenarioContext context)
    {
        Console.WriteLine($"  reading health and accounts pages of a tenant with {listed.Count:N0} mailboxes, {ReadSamples} sequential calls each");
        var api = world.Api(BenchmarkTenant.Scale);
        var health = await HealthProbe.MeasureAsync(api, ReadSamples, context.Cancellation);
        var accounts = await AccountsPageProbe.MeasureAsync(api, listed.Select(m => m.Account).ToList(), ReadSamples, context.Cancellation);
        return new Reads(health, accounts);
    }

    private static ResultTable ReadsTable(int seeded, Reads atSeeded, int all, Reads atAll) =>
        new ResultTable($"scale: read latency, {ReadSamples} sequential calls each (ms)", "request", $"{seeded:N0} mailboxes: p50 / p95 / p99 / max",
                $"{all:N0} mailboxes: p50 / p95 / p99 / max")
            .Add("GET /api/health/integrations", atSeeded.Health.Quantiles, atAll.Health.Quantiles)
            .Add($"GET /api/gmail/accounts?limit={AccountsPageProbe.PageSize}&page_token=(random)", atSeeded.Accounts.Quantiles, atAll.Accounts.Quantiles);
}
