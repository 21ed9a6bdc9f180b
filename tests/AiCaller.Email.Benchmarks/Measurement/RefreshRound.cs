using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// One refresh round read from the emulator's request log: refresh requests per second at the token endpoint, when each
/// mailbox got its new token relative to the old one's expiry, and every provider API call with the state its access
/// token was in on arrival (the emulator knows each token's expiry; "expired" is a call the product should never make).
/// </summary>
public sealed class RefreshRound
{
    private RefreshRound(
        DateTimeOffset origin, IReadOnlyList<RefreshSecond> seconds, IReadOnlyDictionary<string, double> firstRefreshOffsets,
        IReadOnlyDictionary<string, int> requestsPerMailbox, IReadOnlyDictionary<string, int> apiCallsByTokenState, int apiUnauthorized)
    {
        Origin = origin;
        Seconds = seconds;
        FirstRefreshOffsets = firstRefreshOffsets;
        RequestsPerMailbox = requestsPerMailbox;
        ApiCallsByTokenState = apiCallsByTokenState;
        ApiUnauthorized = apiUnauthorized;
    }

    /// <summary>The earliest expiry of the watched tokens, to the whole second: offset 0 of <see cref="Seconds"/>.</summary>
    public DateTimeOffset Origin { get; }

    /// <summary>Every second from the first refresh request to the last, those without any included.</summary>
    public IReadOnlyList<RefreshSecond> Seconds { get; }

    /// <summary>Per mailbox (by address), when its first new token was issued, in seconds after its old token's expiry (negative: before).</summary>
    public IReadOnlyDictionary<string, double> FirstRefreshOffsets { get; }

    /// <summary>Per mailbox (by address), its refresh requests until its first new token, that one included, throttled ones too.</summary>
    public IReadOnlyDictionary<string, int> RequestsPerMailbox { get; }

    /// <summary>Provider API calls (Gmail) by the state of their access token on arrival: valid, expired, revoked, unknown, none.</summary>
    public IReadOnlyDictionary<string, int> ApiCallsByTokenState { get; }

    public int ApiUnauthorized { get; }

    public int ApiCalls => ApiCallsByTokenState.Values.Sum();

    public int ExpiredTokenCalls => ApiCallsByTokenState.GetValueOrDefault("expired");

    public int Requests => Seconds.Sum(s => s.Requests);

    public int Refreshed => Seconds.Sum(s => s.Refreshed);

    public int Throttled => Seconds.Sum(s => s.Throttled);

    public int Other => Seconds.Sum(s => s.Other);

    public int PeakRefreshed => Seconds.Select(s => s.Refreshed).DefaultIfEmpty(0).Max();

    public int PeakRequests => Seconds.Select(s => s.Requests).DefaultIfEmpty(0).Max();

    public static RefreshRound Read(
        IReadOnlyList<RequestLogEntry> tokenRequests, IReadOnlyList<RequestLogEntry> apiRequests, IReadOnlyDictionary<string, DateTimeOffset> expiries)
    {
        var origin = DateTimeOffset.FromUnixTimeSeconds(expiries.Values.Min().ToUnixTimeSeconds());
        var refreshes = tokenRequests.Where(r => r.GrantType == "refresh_token").ToList();
        var seconds = new List<RefreshSecond>();
        if (refreshes.Count > 0)
        {
            var bySecond = refreshes.GroupBy(r => r.At.ToUnixTimeSeconds()).ToDictionary(g => g.Key, g => g.ToList());
            for (var second = bySecond.Keys.Min(); second <= bySecond.Keys.Max(); second++)
            {
                var those = bySecond.GetValueOrDefault(second) ?? [];
                var throttled = those.Count(r => r.Status == 429);
                var refreshed = those.Count(r => r.Status == 200);
                seconds.Add(new RefreshSecond(second - origin.ToUnixTimeSeconds(), those.Count, refreshed, throttled, those.Count - throttled - refreshed));
            }
        }

        var firstRefresh = refreshes
            .Where(r => r.Status == 200 && r.User is not null && expiries.ContainsKey(r.User))
            .GroupBy(r => r.User!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (g.Min(r => r.At) - expiries[g.Key]).TotalSeconds, StringComparer.OrdinalIgnoreCase);
        // Counted up to the first new token: later requests are the next generation's (a short lifetime comes round again).
        var requestsPerMailbox = refreshes
            .Where(r => r.User is not null && expiries.ContainsKey(r.User) && (!firstRefresh.TryGetValue(r.User, out var first) || r.At <= expiries[r.User].AddSeconds(first)))
            .GroupBy(r => r.User!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var byState = apiRequests.GroupBy(r => r.TokenState).ToDictionary(g => g.Key, g => g.Count());
        return new RefreshRound(origin, seconds, firstRefresh, requestsPerMailbox, byState, apiRequests.Count(r => r.Status == 401));
    }
}
