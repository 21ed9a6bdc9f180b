using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

[GrainType("tenant-directory")]
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", StorageNames.Default)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    private SortedDictionary<string, MailboxSummary> _sorted = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _sorted = new SortedDictionary<string, MailboxSummary>(state.State.Mailboxes, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public async Task UpsertAsync(MailboxSummary summary)
    {
        var key = EntryKey(summary.Provider, summary.Account);
        if (_sorted.TryGetValue(key, out var known) && known with { UpdatedAt = summary.UpdatedAt } == summary)
        {
            return;
        }

        _sorted[key] = summary;
        state.State.Mailboxes[key] = summary;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(ProviderName provider, string account)
    {
        var key = EntryKey(provider, account);
        if (_sorted.Remove(key))
        {
            state.State.Mailboxes.Remove(key);
            await state.WriteStateAsync();
        }
    }

    public Task<MailboxPage> ListAsync(ProviderName provider, int limit, string? after)
    {
        var page = _sorted.Values
            .Where(m => m.Provider == provider && (after is null || string.CompareOrdinal(m.Account, after) > 0))
            .Take(limit + 1)
            .ToList();

        var next = page.Count > limit ? page[limit - 1].Account : null;
        return Task.FromResult(new MailboxPage(page.Take(limit).ToList(), next));
    }

    public Task<IReadOnlyList<ProviderHealth>> GetHealthAsync()
    {
        var health = Enum.GetValues<ProviderName>().Select(provider =>
        {
            var mailboxes = _sorted.Values.Where(m => m.Provider == provider).ToList();
            return new ProviderHealth(
                provider,
                mailboxes.Count(m => m.Status == MailboxStatusKind.Connected),
                mailboxes.Count(m => m.Status == MailboxStatusKind.Disconnected),
                mailboxes.Count(m => m.Status is MailboxStatusKind.Error or MailboxStatusKind.NotConfigured),
                mailboxes.FirstOrDefault(m => m.Account == MailboxKey.DefaultAccount)?.Status,
                mailboxes.Count == 0 ? null : mailboxes.MaxBy(m => m.Status.Severity())!.Status);
        }).ToList();

        return Task.FromResult<IReadOnlyList<ProviderHealth>>(health);
    }

    private static string EntryKey(ProviderName provider, string account) => $"{provider.ToSlug()}/{account}";
}
