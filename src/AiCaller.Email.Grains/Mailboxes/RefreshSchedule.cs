using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>When a token is refreshed: ahead of expiry, with jitter, scaled down for short-lived tokens.</summary>
public static class RefreshSchedule
{
    /// <summary>
    /// The first retry of a proactive refresh comes after at most this long, each further one after twice as long. Not
    /// sooner: against a saturated token endpoint every retry that comes too early is one more refusal.
    /// </summary>
    public static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two retries, however many failed.</summary>
    public static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(1);

    /// <summary>The shortest wait between two retries, however little of the token is left.</summary>
    public static readonly TimeSpan RetryFloor = TimeSpan.FromSeconds(1);

    public static TimeSpan DueIn(TokenSet tokens, DateTimeOffset now, MailboxOptions options, Random random)
    {
        var quarter = tokens.Lifetime / 4;
        var lead = Min(options.RefreshLeadTime, quarter);
        var jitter = Min(options.RefreshJitter, quarter) * random.NextDouble();
        var due = tokens.ExpiresAt - lead - jitter - now;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    /// <summary>
    /// When to try a proactive refresh again after it failed for a passing reason (throttled, 5xx, network): exponential
    /// backoff with jitter, and while the token is still usable within half of what is left of that, so that the retry
    /// comes before the token runs out and mailboxes throttled together come back spread over that time rather than
    /// together. A Retry-After from the provider is never cut short.
    /// </summary>
    /// <param name="failures">Failures in a row so far, this one included.</param>
    public static TimeSpan RetryIn(TokenSet tokens, DateTimeOffset now, MailboxOptions options, int failures, TimeSpan? retryAfter, Random random)
    {
        var ceiling = RetryBase * Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        ceiling = Min(ceiling, RetryCap);
        var usableFor = tokens.ExpiresAt - UsableMargin(tokens, options) - now;
        if (usableFor > TimeSpan.Zero)
        {
            ceiling = Min(ceiling, usableFor / 2);
        }

        var delay = ceiling * (0.5 + (0.5 * random.NextDouble()));
        if (retryAfter > delay)
        {
            delay = retryAfter.Value;
        }

        return delay < RetryFloor ? RetryFloor : delay;
    }

    public static bool IsUsable(TokenSet tokens, DateTimeOffset now, MailboxOptions options) =>
        tokens.ExpiresAt - now > UsableMargin(tokens, options);

    /// <summary>A token with less than this left is refreshed before it is used.</summary>
    private static TimeSpan UsableMargin(TokenSet tokens, MailboxOptions options) =>
        Min(options.MinimumRemainingLifetime, tokens.Lifetime / 10);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
