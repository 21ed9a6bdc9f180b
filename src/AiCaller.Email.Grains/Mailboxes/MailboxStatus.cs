namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>What a mailbox tells about itself. Never carries a token.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.MailboxStatus")]
public sealed record MailboxStatus(
    ProviderName Provider,
    string Account,
    MailboxStatusKind Status,
    string? Email,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRefreshedAt,
    MailboxError? LastError);
