using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>A mailbox's persisted state. The storage serializer encrypts all of it.</summary>
public sealed class MailboxState
{
    public TokenSet? Tokens { get; set; }

    public string? Email { get; set; }

    public MailboxStatusKind Status { get; set; } = MailboxStatusKind.Disconnected;

    public MailboxError? LastError { get; set; }

    public DateTimeOffset? LastRefreshedAt { get; set; }

    public List<PendingConnect> PendingConnects { get; set; } = [];

    public List<IdempotencyRecord> IdempotencyRecords { get; set; } = [];

    /// <summary>Set once the seed's token file was imported, so a later disconnect is not undone by a re-import.</summary>
    public bool SeedTokenImported { get; set; }

    /// <summary>Whether the tenant directory lists this mailbox.</summary>
    public bool Listed { get; set; }
}

/// <summary>A consent in progress: the nonce its OAuth state carries and the PKCE verifier for the exchange.</summary>
public sealed record PendingConnect(string Nonce, string CodeVerifier, string RedirectUri, DateTimeOffset ExpiresAt);

/// <summary>The first result of a send made with an Idempotency-Key, kept for the idempotency window.</summary>
public sealed record IdempotencyRecord(string Key, string PayloadHash, SendResult Result, DateTimeOffset CreatedAt);
