using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>
/// A tenant's mailboxes and their last reported status, keyed by tenant id. Listing accounts and health
/// read this one grain instead of calling every mailbox.
/// </summary>
[Alias("AiCaller.Email.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(MailboxSummary summary);

    [Alias("Remove")]
    Task RemoveAsync(ProviderName provider, string account);

    /// <summary>Accounts in ordinal order of their id, starting after <paramref name="after"/>.</summary>
    [Alias("List")]
    Task<MailboxPage> ListAsync(ProviderName provider, int limit, string? after);

    [Alias("GetHealth")]
    Task<IReadOnlyList<ProviderHealth>> GetHealthAsync();
}
