using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// Activates K never-connected mailbox grains through GET status (no provider call) and reports the memory each
/// costs; then shows that integration health, read from the tenant directory grain, does not depend on K.
/// </summary>
public sealed class StatusIdleMemoryScenario : IBenchmarkScenario
{
    public string Name => "status-idle-memory";

    public string Description => "GET /api/gmail/accounts/{never-connected}/status × K; memory per grain; health latency";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var world = await context.SharedWorldAsync();
        var many = await world.EnsureConnectedAsync(BenchmarkTenant.Bench, options.Mailboxes, options.Concurrency);
        await world.EnsureConnectedAsync(BenchmarkTenant.Few, ScenarioContext.WarmUpMailboxes, options.Concurrency);
        var samples = options.Quick ? 50 : 200;
        var manyApi = world.Api(BenchmarkTenant.Bench);
        var fewApi = world.Api(BenchmarkTenant.Few);
        var idleApi = world.Api(BenchmarkTenant.Idle);

        var manyBefore = await HealthProbe.MeasureAsync(manyApi, samples, context.Cancellation);
        var fewBefore = await HealthProbe.MeasureAsync(fewApi, samples, context.Cancellation);
        var activationsBefore = await MailboxActivations.CountAsync(world);

        var memoryBefore = MemorySnapshot.Take();
        var result = await LoadRunner.RunAsync(Name, options.IdleGrains, options.Concurrency, options.LoopTimeLimit, async i =>
        {
            using var response = await idleApi.GetAsync($"/api/gmail/accounts/idle-{i:D6}/status");
            return ((int)response.StatusCode).ToString();
        }, context.Cancellation);
        var memoryAfter = MemorySnapshot.Take();

        var activated = await MailboxActivations.CountAsync(world) - activationsBefore;
        var manyAfter = await HealthProbe.MeasureAsync(manyApi, samples, context.Cancellation);
        var fewAfter = await HealthProbe.MeasureAsync(fewApi, samples, context.Cancellation);

        var perGrainDivisor = Math.Max(1, result.Latency.Count);
        var managed = memoryAfter.ManagedBytes - memoryBefore.ManagedBytes;
        var workingSet = memoryAfter.WorkingSetBytes - memoryBefore.WorkingSetBytes;
        var memory = new ResultTable($"status-idle-memory: {options.IdleGrains} never-connected mailboxes activated, concurrency {options.Concurrency}", "measure", "value")
            .Add("answered 200", $"{result.Outcomes.Of("200")}/{options.IdleGrains}")
            .Add("mailbox grains activated (Orleans' count)", activated.ToString())
            .Add("elapsed", $"{result.Elapsed.TotalSeconds:0.0} s")
            .Add("activations/s", $"{result.PerSecond:0.0}")
            .Add("status latency p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("errors by status", result.Outcomes.Errors("200"))
            .Add("managed heap before → after", $"{MemorySnapshot.Mib(memoryBefore.ManagedBytes)} → {MemorySnapshot.Mib(memoryAfter.ManagedBytes)}")
            .Add("managed bytes per activated grain", $"{managed / perGrainDivisor:N0}")
            .Add("working set before → after", $"{MemorySnapshot.Mib(memoryBefore.WorkingSetBytes)} → {MemorySnapshot.Mib(memoryAfter.WorkingSetBytes)}")
            .Add("working-set bytes per activated grain", $"{workingSet / perGrainDivisor:N0}");

        var health = new ResultTable($"health/integrations latency, {samples} sequential calls (ms)", "tenant", "connected mailboxes", $"before K: p50 / p95 / p99 / max", $"after K={options.IdleGrains}: p50 / p95 / p99 / max")
            .Add("many", many.Count.ToString(), manyBefore.Quantiles, manyAfter.Quantiles)
            .Add("few", ScenarioContext.WarmUpMailboxes.ToString(), fewBefore.Quantiles, fewAfter.Quantiles);
        return [memory, health];
    }
}
