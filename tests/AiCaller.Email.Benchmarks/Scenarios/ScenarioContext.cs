using AiCaller.Email.Benchmarks.Hosting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>
/// What scenarios share in one run: the options, Ctrl+C, and one world started on first use, so that send and
/// list reuse the mailboxes connect connected. A scenario that needs other host settings starts its own world.
/// </summary>
public sealed class ScenarioContext(BenchmarkOptions options, CancellationToken cancellation) : IAsyncDisposable
{
    /// <summary>Connected before any measurement; also the "few" tenant of the health comparison.</summary>
    public const int WarmUpMailboxes = 2;

    private BenchmarkWorld? _shared;

    public BenchmarkOptions Options => options;

    public CancellationToken Cancellation => cancellation;

    public async Task<BenchmarkWorld> SharedWorldAsync()
    {
        if (_shared is null)
        {
            Console.WriteLine("  starting the provider emulator and the API host (embedded silo, temporary DATA_DIR)");
            _shared = await BenchmarkWorld.StartAsync();

            // Warm-up, not measured: the first connect pays for JIT, the tenant directory's and the reminder
            // table's first use. The "few" tenant's two mailboxes serve the health comparison later.
            await _shared.EnsureConnectedAsync(BenchmarkTenant.Few, WarmUpMailboxes, options.Concurrency);
        }

        return _shared;
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }
    }
}
