using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>Connects N mailboxes through the whole OAuth flow, C at a time.</summary>
public sealed class ConnectScenario : IBenchmarkScenario
{
    public string Name => "connect";

    public string Description => "oauth/start → emulator consent → callback (Accept: application/json), per mailbox";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var world = await context.SharedWorldAsync();
        var tenant = BenchmarkTenant.Bench;
        var api = world.Api(tenant);
        var first = world.Connected(tenant).Count;
        var mailboxes = Enumerable.Range(first, options.Mailboxes).Select(n => BenchmarkMailbox.Numbered(tenant, n)).ToList();
        var before = await world.Control.GetGoogleStatsAsync();

        var result = await LoadRunner.RunAsync(Name, mailboxes.Count, options.Concurrency, options.LoopTimeLimit, async i =>
        {
            var outcome = await world.Connector.ConnectAsync(api, mailboxes[i]);
            if (outcome == OAuthConnector.Connected)
            {
                world.RecordConnected(mailboxes[i]);
            }

            return outcome;
        }, context.Cancellation);

        var after = await world.Control.GetGoogleStatsAsync();
        var latency = result.Latency;
        var firstTenth = result.Latencies.SummarizeSlice(0, 0.1);
        var lastTenth = result.Latencies.SummarizeSlice(0.9, 1);
        var table = new ResultTable($"connect: {mailboxes.Count} mailboxes, concurrency {options.Concurrency}", "measure", "value")
            .Add("connected", $"{result.Outcomes.Of(OAuthConnector.Connected)}/{mailboxes.Count}")
            .Add("elapsed", $"{result.Elapsed.TotalSeconds:0.0} s")
            .Add("mailboxes/s", $"{result.PerSecond:0.0}")
            .Add("latency p50 / p95 / p99 / max (ms)", latency.Quantiles)
            .Add("p50 of the first / last 10% (ms)", $"{LatencySummary.Ms(firstTenth.P50)} / {LatencySummary.Ms(lastTenth.P50)}")
            .Add("errors", result.Outcomes.Errors(OAuthConnector.Connected))
            .Add("emulator: code exchanges / refreshes", $"{after.CodeExchanges - before.CodeExchanges} / {after.Refreshes - before.Refreshes}");
        return [table];
    }
}
