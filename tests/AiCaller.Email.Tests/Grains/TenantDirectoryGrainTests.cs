using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;

namespace AiCaller.Email.Tests.Grains;

public sealed class TenantDirectoryGrainTests(MailboxClusterFixture fixture) : IClassFixture<MailboxClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_walk_every_account_once_in_order_and_per_provider()
    {
        var directory = fixture.Grains.GetGrain<ITenantDirectoryGrain>("paging-" + Guid.NewGuid().ToString("N"));
        var accounts = Enumerable.Range(0, 250).Select(i => $"agent-{i:D3}").ToList();
        foreach (var account in accounts.AsEnumerable().Reverse())
        {
            await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, account, MailboxStatusKind.Connected, null, null, At));
        }

        await directory.UpsertAsync(new MailboxSummary(ProviderName.Outlook, "agent-000", MailboxStatusKind.Connected, null, null, At));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await directory.ListAsync(ProviderName.Gmail, 100, token);
            seen.AddRange(page.Accounts.Select(a => a.Account));
            Assert.All(page.Accounts, a => Assert.Equal(ProviderName.Gmail, a.Provider));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(accounts, seen);
        Assert.Single((await directory.ListAsync(ProviderName.Outlook, 100, null)).Accounts);
    }

    [Fact]
    public async Task Health_counts_follow_status_changes_and_removals()
    {
        var directory = fixture.Grains.GetGrain<ITenantDirectoryGrain>("health-" + Guid.NewGuid().ToString("N"));
        await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, "default", MailboxStatusKind.Connected, "a@x.com", null, At));
        await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, "b", MailboxStatusKind.Connected, "b@x.com", null, At));
        await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, "c", MailboxStatusKind.Connected, "c@x.com", null, At));

        await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, "b", MailboxStatusKind.Disconnected, "b@x.com", null, At.AddMinutes(1)));
        await directory.UpsertAsync(new MailboxSummary(ProviderName.Gmail, "c", MailboxStatusKind.Error, "c@x.com", null, At.AddMinutes(1)));
        var gmail = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Gmail);
        Assert.Equal((1, 1, 1), (gmail.Connected, gmail.Disconnected, gmail.Error));
        Assert.Equal(MailboxStatusKind.Connected, gmail.DefaultAccountStatus);
        Assert.Equal(MailboxStatusKind.Error, gmail.WorstStatus);

        await directory.RemoveAsync(ProviderName.Gmail, "c");
        await fixture.Cluster.DeactivateAsync(directory);
        gmail = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Gmail);
        Assert.Equal((1, 1, 0), (gmail.Connected, gmail.Disconnected, gmail.Error));
        Assert.Equal(MailboxStatusKind.Disconnected, gmail.WorstStatus);
        var outlook = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Outlook);
        Assert.Equal(0, outlook.Total);
        Assert.Null(outlook.WorstStatus);
    }
}
