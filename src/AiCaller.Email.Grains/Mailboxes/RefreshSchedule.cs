using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>When a token is refreshed: ahead of expiry, with jitter, scaled down for short-lived tokens.</summary>
public static class RefreshSchedule
{
    public static TimeSpan DueIn(TokenSet tokens, DateTimeOffset now, MailboxOptions options, Random random)
    {
        var quarter = tokens.Lifetime / 4;
        var lead = Min(options.RefreshLeadTime, quarter);
        var jitter = Min(options.RefreshJitter, quarter) * random.NextDouble();
        var due = tokens.ExpiresAt - lead - jitter - now;
        return due < TimeSpan.Zero ? TimeSpan.Zero : due;
    }

    public static bool IsUsable(TokenSet tokens, DateTimeOffset now, MailboxOptions options) =>
        tokens.ExpiresAt - now > Min(options.MinimumRemainingLifetime, tokens.Lifetime / 10);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
