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

    /// <summary>How long a send's Idempotency-Key is remembered.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many send records per mailbox; beyond it the oldest are forgotten.</summary>
    [Range(1, 1_000_000)]
    public int MaxSendRecordsPerMailbox { get; set; } = 1000;

    /// <summary>
    /// How long after a send with an unknown outcome the provider's "not found" is believed: a provider may file a sent
    /// message a moment after it took it (Graph saves to Sent Items asynchronously).
    /// </summary>
    public TimeSpan SendSettleTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many mailboxes per tenant.</summary>
    [Range(1, int.MaxValue)]
    public int MaxMailboxesPerTenant { get; set; } = 100_000;

    public TimeSpan ConnectStateLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
