using AiCaller.Email.Benchmarks.Hosting;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// Follows a refresh round through the emulator's counters of successful refreshes per user: prints progress, knows
/// which mailboxes still wait for a new token, and picks whom the benchmark's API calls go to (every other call to a
/// mailbox still waiting, whose token is the one that may run out).
/// </summary>
public sealed class RefreshWatch(EmulatorControlClient emulator, IReadOnlyList<BenchmarkMailbox> mailboxes, GoogleStats before)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private BenchmarkMailbox[] _waiting = [.. mailboxes];
    private int _calls;

    public BenchmarkMailbox NextCallee()
    {
        var waiting = Volatile.Read(ref _waiting);
        return Interlocked.Increment(ref _calls) % 2 == 0 && waiting.Length > 0
            ? waiting[Random.Shared.Next(waiting.Length)]
            : mailboxes[Random.Shared.Next(mailboxes.Count)];
    }

    /// <summary>Until every mailbox has a new token, the deadline passes or the run is cancelled.</summary>
    public async Task WaitAsync(DateTimeOffset earliestExpiry, DateTimeOffset deadline, CancellationToken ct)
    {
        var progress = new ProgressReporter("mailboxes with a new token", mailboxes.Count);
        var reported = 0;
        var lastLine = DateTimeOffset.MinValue;
        var lastRefreshes = before.Refreshes;
        while (Volatile.Read(ref _waiting).Length > 0 && DateTimeOffset.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            await Task.Delay(Poll, CancellationToken.None);
            var stats = await emulator.GetGoogleStatsAsync(CancellationToken.None);
            var waiting = mailboxes.Where(m => stats.RefreshesByUser.GetValueOrDefault(m.Email) <= before.RefreshesByUser.GetValueOrDefault(m.Email)).ToArray();
            Volatile.Write(ref _waiting, waiting);
            progress.Advance(mailboxes.Count - waiting.Length - reported);
            reported = mailboxes.Count - waiting.Length;

            var now = DateTimeOffset.UtcNow;
            if (now - lastLine >= TimeSpan.FromSeconds(15))
            {
                var since = (now - lastLine).TotalSeconds;
                Console.WriteLine($"  [round] {(now - earliestExpiry).TotalSeconds:+0;-0} s to the earliest expiry: {reported}/{mailboxes.Count} refreshed" +
                    (lastLine == DateTimeOffset.MinValue ? "" : $", {(stats.Refreshes - lastRefreshes) / since:0.0} refreshes/s since the last line"));
                lastLine = now;
                lastRefreshes = stats.Refreshes;
            }
        }

        if (Volatile.Read(ref _waiting).Length > 0)
        {
            Console.WriteLine($"  [round] ended with {Volatile.Read(ref _waiting).Length} mailboxes still waiting for a new token");
        }
    }
}
