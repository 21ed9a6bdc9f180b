using System.Diagnostics;
using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Benchmarks.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>The restart phase: the database's size, then the host stopped and started again on the same data directory.</summary>
public sealed partial class ScaleScenario
{
    private static readonly TimeSpan ReminderLoadTimeout = TimeSpan.FromMinutes(5);

    private static async Task<ResultTable> RestartAsync(BenchmarkWorld world, int mailboxes)
    {
        var running = DatabaseFiles.In(world.DataDirectory);
        Console.WriteLine("  restarting the host on the same data directory");
        using var reminderService = new ReminderServiceWatch();
        var restart = await world.RestartHostAsync();
        var loadedAt = await reminderService.StartedAsync(ReminderLoadTimeout);
        var restarted = DatabaseFiles.In(world.DataDirectory);

        // What the reminder service does at start and again at every refresh of its list (every 5 minutes by default).
        var reminderTable = world.Host.Services.GetRequiredService<IReminderTable>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var reading = Stopwatch.GetTimestamp();
        var rows = await reminderTable.ReadRows(0u, 0u);
        var readTime = Stopwatch.GetElapsedTime(reading);
        var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        return new ResultTable($"scale: database and restart with {mailboxes:N0} mailboxes", "measure", "value")
            .Add("aicaller.db + -wal while running", $"{MemorySnapshot.Mib(running.DatabaseBytes)} + {MemorySnapshot.Mib(running.WalBytes)}")
            .Add("database bytes per mailbox", $"{running.TotalBytes / Math.Max(1, mailboxes):N0}")
            .Add("aicaller.db + -wal after the restart", $"{MemorySnapshot.Mib(restarted.DatabaseBytes)} + {MemorySnapshot.Mib(restarted.WalBytes)}")
            .Add("host stop", $"{restart.Stop.TotalSeconds:0.00} s")
            .Add("host start until /readyz answers", $"{restart.UntilReady.TotalSeconds:0.00} s")
            .Add("start until the reminder service finished its first read",
                loadedAt is { } at ? $"{Stopwatch.GetElapsedTime(restart.StartedAt, at).TotalSeconds:0.00} s" : $"not within {ReminderLoadTimeout.TotalMinutes:0} min")
            .Add("reminders put on local timers at start (due within the loading window)", reminderService.LocalTimersStarted.ToString("N0"))
            .Add("one read of the whole reminder table: rows / time / allocated",
                $"{rows.Reminders.Count:N0} / {readTime.TotalMilliseconds:0} ms / {MemorySnapshot.Mib(readAllocated)}");
    }
}
