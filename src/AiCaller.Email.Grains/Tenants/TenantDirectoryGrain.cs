using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

[GrainType("tenant-directory")]
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", StorageNames.Default)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    private readonly StatusCounts _counts = new();
    private readonly SortedSet<string> _order = new(StringComparer.Ordinal);

    /// <summary>Keyed by "provider/account"; the persisted state itself, so nothing is held twice.</summary>
    private Dictionary<string, MailboxSummary> Entries => state.State.Mailboxes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, summary) in Entries)
        {
            _order.Add(key);
            _counts.Add(summary);
        }

        return Task.CompletedTask;
    }

    public async Task UpsertAsync(MailboxSummary summary)
    {
        var key = EntryKey(summary.Provider, summary.Account);
        if (Entries.TryGetValue(key, out var known) && known with { UpdatedAt = summary.UpdatedAt } == summary)
        {
            return;
        }

        if (known is not null)
        {
            _counts.Remove(known);
        }

        _counts.Add(summary);
        _order.Add(key);
        Entries[key] = summary;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(ProviderName provider, string account)
    {
        var key = EntryKey(provider, account);
        if (Entries.Remove(key, out var removed))
        {
            _counts.Remove(removed);
            _order.Remove(key);
            await state.WriteStateAsync();
        }
    }

    public Task<MailboxPage> ListAsync(ProviderName provider, int limit, string? after)
    {
        // A range of the ordered keys: a page costs its own size, not the tenant's.
        var prefix = provider.ToSlug() + "/";
        var page = _order.GetViewBetween(prefix + (after ?? string.Empty), prefix + char.MaxValue)
            .Where(key => after is null || key != prefix + after)
            .Take(limit + 1)
            .Select(key => Entries[key])
            .ToList();

        var next = page.Count > limit ? page[limit - 1].Account : null;
        return Task.FromResult(new MailboxPage(page.Take(limit).ToList(), next));
    }

    public Task<IReadOnlyList<ProviderHealth>> GetHealthAsync()
    {
        // From counts kept as mailboxes report, so health costs the same for ten mailboxes or a hundred thousand.
        var health = Enum.GetValues<ProviderName>().Select(provider => new ProviderHealth(
            provider,
            _counts.Of(provider, MailboxStatusKind.Connected),
            _counts.Of(provider, MailboxStatusKind.Disconnected),
            _counts.Of(provider, MailboxStatusKind.Error) + _counts.Of(provider, MailboxStatusKind.NotConfigured),
            Entries.GetValueOrDefault(EntryKey(provider, MailboxKey.DefaultAccount))?.Status,
            _counts.WorstOf(provider))).ToList();

        return Task.FromResult<IReadOnlyList<ProviderHealth>>(health);
    }

    private static string EntryKey(ProviderName provider, string account) => $"{provider.ToSlug()}/{account}";
}
