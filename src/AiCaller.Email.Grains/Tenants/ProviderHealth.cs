using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>One provider's mailboxes of a tenant, counted by status, and the status the provider is reported with.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ProviderHealth")]
public sealed record ProviderHealth(ProviderName Provider, MailboxStatusKind Status, long Connected, long Disconnected, long Error)
{
    public long Total => Connected + Disconnected + Error;
}
