using System.Diagnostics;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>The memory phase: seeded mailboxes activated through their status, then collected as idle.</summary>
public sealed partial class ScaleScenario
{
    private static readonly TimeSpan CollectionTimeout = TimeSpan.FromSeconds(60);

    private static async Task<ResultTable> MemoryAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMailbox> seeded, ScenarioContext context)
    {
        var options = context.Options;
        var mailboxes = seeded.Take(options.ActiveGrains).ToList();
        var api = world.Api(BenchmarkTenant.Scale);
        Console.WriteLine($"  activating {mailboxes.Count:N0} seeded mailboxes through GET status");
        var activationsBefore = await MailboxActivations.CountAsync(world);
        var before = MemorySnapshot.Take();
        var result = await LoadRunner.RunAsync("activate", mailboxes.Count, options.Concurrency, options.LoopTimeLimit, async i =>
        {
            using var response = await api.GetAsync($"{mailboxes[i].Path}/status");
            return ((int)response.StatusCode).ToString();
        }, context.Cancellation);
        var active = MemorySnapshot.Take();
        var activated = await MailboxActivations.CountAsync(world) - activationsBefore;

        Console.WriteLine("  deactivating idle grains (IManagementGrain.ForceActivationCollection, age zero)");
        var collecting = Stopwatch.GetTimestamp();
        await MailboxActivations.Management(world).ForceActivationCollection(TimeSpan.Zero);
        var remaining = await MailboxActivations.CountAsync(world);
        while (remaining > activationsBefore && Stopwatch.GetElapsedTime(collecting) < CollectionTimeout && !context.Cancellation.IsCancellationRequested)
        {
            await Task.Delay(250, CancellationToken.None);
            remaining = await MailboxActivations.CountAsync(world);
        }

        var collectedIn = Stopwatch.GetElapsedTime(collecting);
        var collected = MemorySnapshot.Take();
        var perGrain = Math.Max(1, activated);
        return new ResultTable($"scale: memory of {mailboxes.Count:N0} active seeded mailboxes", "measure", "value")
            .Add("answered 200", $"{result.Outcomes.Of("200"):N0}/{mailboxes.Count:N0}")
            .Add("mailbox grains activated (Orleans' count)", activated.ToString("N0"))
            .Add("activations/s", $"{result.PerSecond:0.0}")
            .Add("status latency p50 / p95 / p99 / max (ms)", result.Latency.Quantiles)
            .Add("managed heap before → with them active", $"{MemorySnapshot.Mib(before.ManagedBytes)} → {MemorySnapshot.Mib(active.ManagedBytes)}")
            .Add("managed bytes per active mailbox grain", $"{(active.ManagedBytes - before.ManagedBytes) / perGrain:N0}")
            .Add("working-set bytes per active mailbox grain", $"{(active.WorkingSetBytes - before.WorkingSetBytes) / perGrain:N0}")
            .Add("mailbox grains left after collection", $"{remaining:N0} (after {collectedIn.TotalSeconds:0.0} s)")
            .Add("managed heap after collection", $"{MemorySnapshot.Mib(collected.ManagedBytes)}")
            .Add("managed bytes still held per grain after collection", $"{(collected.ManagedBytes - before.ManagedBytes) / perGrain:N0}");
    }
}
