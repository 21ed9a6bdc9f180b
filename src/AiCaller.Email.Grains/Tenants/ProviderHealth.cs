using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>One provider's mailboxes of a tenant, counted by status.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ProviderHealth")]
public sealed record ProviderHealth(
    ProviderName Provider,
    int Connected,
    int Disconnected,
    int Error,
    MailboxStatusKind? DefaultAccountStatus,
    MailboxStatusKind? WorstStatus)
{
    public int Total => Connected + Disconnected + Error;
}
