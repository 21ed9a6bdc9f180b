namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// Starts calls at a steady rate until stopped, whether or not earlier ones have answered (an open loop, as independent
/// clients call): a slow host gets more calls in flight, not fewer calls. At most <see cref="MaxInFlight"/> are in flight;
/// a call due while that many wait is skipped and counted, so that a stalled host cannot pile up work without bound.
/// </summary>
public sealed class PacedCalls(int perSecond, Func<Task<string>> call)
{
    public const int MaxInFlight = 256;

    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly List<Task> _inFlight = [];
    private int _skipped;

    public StatusTally Outcomes { get; } = new();

    public int Skipped => Volatile.Read(ref _skipped);

    public async Task RunAsync(CancellationToken stop)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        try
        {
            while (await ticks.WaitForNextTickAsync(stop))
            {
                if (!_slots.Wait(0))
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                lock (_inFlight)
                {
                    _inFlight.RemoveAll(t => t.IsCompleted);
                    _inFlight.Add(Task.Run(CallOnceAsync, CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: the calls already started are still answered and counted below.
        }

        Task[] pending;
        lock (_inFlight)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending);
    }

    private async Task CallOnceAsync()
    {
        try
        {
            Outcomes.Add(await call());
        }
        catch (Exception e)
        {
            Outcomes.Add(e.GetType().Name);
        }
        finally
        {
            _slots.Release();
        }
    }
}
