using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>
/// A tenant's mailboxes as the directory rows hold them, keyed by tenant id: what the account list and health read
/// instead of calling every mailbox. The statuses it answers already say <c>not_configured</c> where the provider
/// has no client secrets.
/// </summary>
[Alias("AiCaller.Email.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Accounts in ordinal order of their id, starting after <paramref name="after"/>.</summary>
    [Alias("List")]
    [SafeToRetry]
    Task<MailboxPage> ListAsync(ProviderName provider, int limit, string? after);

    [Alias("GetHealth")]
    [SafeToRetry]
    Task<IReadOnlyList<ProviderHealth>> GetHealthAsync();
}
