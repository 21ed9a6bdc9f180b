using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>The last status a mailbox reported to its tenant's directory.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.MailboxSummary")]
public sealed record MailboxSummary(
    ProviderName Provider,
    string Account,
    MailboxStatusKind Status,
    string? Email,
    MailboxError? LastError,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastRefreshedAt = null);

[GenerateSerializer, Immutable, Alias("AiCaller.Email.MailboxPage")]
public sealed record MailboxPage(IReadOnlyList<MailboxSummary> Accounts, string? NextPageToken);
