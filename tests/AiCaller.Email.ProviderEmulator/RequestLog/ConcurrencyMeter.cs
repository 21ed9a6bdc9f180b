using System.Collections.Concurrent;

namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>
/// How many API calls each user had in flight at once, at most: the measure of a client's per-mailbox
/// concurrency limit (Graph allows 4 per mailbox; Gmail throttles at around 10).
/// </summary>
public sealed class ConcurrencyMeter
{
    private readonly ConcurrentDictionary<string, Counter> _users = new(StringComparer.OrdinalIgnoreCase);

    public IDisposable Enter(string user)
    {
        var counter = _users.GetOrAdd(user, _ => new Counter());
        counter.Enter();
        return counter;
    }

    public IReadOnlyDictionary<string, int> MaxInFlight() => _users.ToDictionary(u => u.Key, u => u.Value.Max);

    public void Clear() => _users.Clear();

    private sealed class Counter : IDisposable
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Dispose() => Interlocked.Decrement(ref _current);
    }
}
