using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>How many of a provider's mailboxes of a tenant are in one status.</summary>
public sealed record StatusCount(ProviderName Provider, MailboxStatusKind Status, long Mailboxes);
