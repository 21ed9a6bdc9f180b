namespace AiCaller.Email.Grains.Tenants;

public sealed class TenantDirectoryState
{
    /// <summary>Keyed by "provider/account".</summary>
    public Dictionary<string, MailboxSummary> Mailboxes { get; set; } = new(StringComparer.Ordinal);
}
