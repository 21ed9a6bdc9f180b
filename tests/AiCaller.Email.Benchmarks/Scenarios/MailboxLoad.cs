using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// R requests spread round-robin over the connected mailboxes, C at a time, and what the emulator saw of them:
/// the shape shared by the send and list scenarios.
/// </summary>
public static class MailboxLoad
{
    public static async Task<ResultTable> RunAsync(
        ScenarioContext context,
        string name,
        IReadOnlyList<BenchmarkMailbox> mailboxes,
        Func<HttpClient, BenchmarkMailbox, int, Task<HttpResponseMessage>> request)
    {
        var options = context.Options;
        var world = await context.SharedWorldAsync();
        var api = world.Api(BenchmarkTenant.Bench);
        await world.Control.ClearRequestsAsync();
        var before = await world.Control.GetGoogleStatsAsync();

        var result = await LoadRunner.RunAsync(name, options.Requests, options.Concurrency, options.LoopTimeLimit, async i =>
        {
            using var response = await request(api, mailboxes[i % mailboxes.Count], i);
            return ((int)response.StatusCode).ToString();
        }, context.Cancellation);

        var after = await world.Control.GetGoogleStatsAsync();
        var gmailCalls = (await world.Control.GetRequestsAsync("gmail")).Count;
        var maxInFlight = (await world.Control.GetMaxConcurrencyAsync()).Values.DefaultIfEmpty(0).Max();
        // The log is evidence for this run only; clearing it keeps the emulator's memory out of later scenarios.
        await world.Control.ClearRequestsAsync();

        return new ResultTable($"{name}: {options.Requests} requests over {mailboxes.Count} mailboxes, concurrency {options.Concurrency}", "measure", "value")
            .Add("answered 200", $"{result.Outcomes.Of("200")}/{options.Requests}")
            .Add("elapsed", $"{result.Elapsed.TotalSeconds:0.0} s")
            .Add("requests/s", $"{result.PerSecond:0.0}")
            .Add("latency p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("errors by status", result.Outcomes.Errors("200"))
            .Add("emulator: Gmail API calls", gmailCalls.ToString())
            .Add("emulator: token refreshes during the run", (after.Refreshes - before.Refreshes).ToString())
            .Add("emulator: most calls in flight for one mailbox", maxInFlight.ToString());
    }
}
