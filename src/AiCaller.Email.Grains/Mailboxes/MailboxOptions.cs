using System.ComponentModel.DataAnnotations;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>Tuning of every mailbox grain.</summary>
public sealed class MailboxOptions
{
    /// <summary>Concurrent provider calls per mailbox (Graph allows 4 per mailbox).</summary>
    [Range(1, 64)]
    public int MaxConcurrentProviderCalls { get; set; } = 4;

    /// <summary>How long before expiry the refresh timer fires, at most a quarter of the token's lifetime.</summary>
    public TimeSpan RefreshLeadTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Random extra lead, so that tokens issued together do not refresh together.</summary>
    public TimeSpan RefreshJitter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An access token with less than this left (at most a tenth of its lifetime) is refreshed before use.</summary>
    public TimeSpan MinimumRemainingLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Period of the durable reminder that refreshes idle mailboxes, keeping refresh tokens alive and detecting revocation.</summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ConnectStateLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
