namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>The armed rate limits, one per target, each counting the requests of the current whole second.</summary>
public sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _limits = new(StringComparer.Ordinal);

    public void Set(RateLimitRule rule)
    {
        lock (_gate)
        {
            _limits[rule.Target] = new Window(rule);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _limits.Clear();
        }
    }

    /// <summary>Counts a request that arrived at <paramref name="at"/>; returns the rule it broke, or null when it may pass.</summary>
    public RateLimitRule? Throttle(string target, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_limits.TryGetValue(target, out var window))
            {
                return null;
            }

            var second = at.ToUnixTimeSeconds();
            if (second != window.Second)
            {
                window.Second = second;
                window.Count = 0;
            }

            window.Count++;
            return window.Count > window.Rule.PerSecond ? window.Rule : null;
        }
    }

    private sealed class Window(RateLimitRule rule)
    {
        public RateLimitRule Rule { get; } = rule;

        public long Second { get; set; } = long.MinValue;

        public int Count { get; set; }
    }
}
