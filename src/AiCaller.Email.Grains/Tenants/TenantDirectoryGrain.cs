using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;
using Orleans.Concurrency;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>Reads the directory rows of one tenant; holds nothing itself, so any silo can answer.</summary>
[GrainType("tenant-directory")]
[StatelessWorker]
public sealed class TenantDirectoryGrain(MailboxDirectory directory, MailProviderCatalog providers) : Grain, ITenantDirectoryGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task<MailboxPage> ListAsync(ProviderName provider, int limit, string? after)
    {
        var page = await directory.ListAsync(Tenant, provider, limit, after);
        var configuration = providers.ConfigurationOf(provider);
        return configuration.IsConfigured
            ? page
            : page with { Accounts = page.Accounts.Select(a => a with { Status = configuration.StatusOf(a.Status) }).ToList() };
    }

    public async Task<IReadOnlyList<ProviderHealth>> GetHealthAsync()
    {
        var counts = await directory.CountsAsync(Tenant);
        return Enum.GetValues<ProviderName>().Select(provider => HealthOf(provider, counts)).ToList();
    }

    private ProviderHealth HealthOf(ProviderName provider, TenantCounts counts)
    {
        var connected = counts.Of(provider, MailboxStatusKind.Connected);
        var disconnected = counts.Of(provider, MailboxStatusKind.Disconnected);
        var error = counts.Of(provider, MailboxStatusKind.Error) + counts.Of(provider, MailboxStatusKind.NotConfigured);
        if (!providers.ConfigurationOf(provider).IsConfigured)
        {
            // Without the app's client secrets no mailbox of the provider works, whatever it last reported.
            return new ProviderHealth(provider, MailboxStatusKind.NotConfigured, 0, 0, connected + disconnected + error);
        }

        var status = counts.DefaultAccounts.TryGetValue(provider, out var defaultStatus) ? defaultStatus
            : counts.WorstOf(provider) ?? MailboxStatusKind.Disconnected;
        return new ProviderHealth(provider, status, connected, disconnected, error);
    }
}
