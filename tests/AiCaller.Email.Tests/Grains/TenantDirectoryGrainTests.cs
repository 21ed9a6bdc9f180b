using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;

namespace AiCaller.Email.Tests.Grains;

/// <summary>The directory grain reads the rows mailboxes write, through a real silo and its database.</summary>
public sealed class TenantDirectoryGrainTests(MailboxClusterFixture fixture) : IClassFixture<MailboxClusterFixture>
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_walk_every_account_once_in_order_and_per_provider()
    {
        var tenant = "paging-" + Guid.NewGuid().ToString("N");
        var rows = fixture.SiloService<MailboxDirectory>();
        var accounts = Enumerable.Range(0, 250).Select(i => $"agent-{i:D3}").ToList();
        foreach (var account in accounts.AsEnumerable().Reverse())
        {
            await rows.UpsertAsync(MailboxKey.Create(ProviderName.Gmail, tenant, account), MailboxStatusKind.Connected, null, null, At);
        }

        await rows.UpsertAsync(MailboxKey.Create(ProviderName.Outlook, tenant, "agent-000"), MailboxStatusKind.Connected, null, null, At);
        var directory = fixture.Grains.GetGrain<ITenantDirectoryGrain>(tenant);

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
    public async Task Health_reports_the_default_account_else_the_worst_status_and_follows_changes()
    {
        var tenant = "health-" + Guid.NewGuid().ToString("N");
        var rows = fixture.SiloService<MailboxDirectory>();
        var directory = fixture.Grains.GetGrain<ITenantDirectoryGrain>(tenant);
        MailboxKey Gmail(string account) => MailboxKey.Create(ProviderName.Gmail, tenant, account);
        await rows.UpsertAsync(Gmail("b"), MailboxStatusKind.Connected, "b@x.com", null, At);
        await rows.UpsertAsync(Gmail("c"), MailboxStatusKind.Connected, "c@x.com", null, At);
        await rows.UpsertAsync(Gmail("b"), MailboxStatusKind.Disconnected, "b@x.com", null, At.AddMinutes(1));
        await rows.UpsertAsync(Gmail("c"), MailboxStatusKind.Error, "c@x.com", null, At.AddMinutes(1));

        var gmail = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Gmail);
        Assert.Equal((0L, 1L, 1L), (gmail.Connected, gmail.Disconnected, gmail.Error));
        Assert.Equal(MailboxStatusKind.Error, gmail.Status);

        await rows.UpsertAsync(Gmail("default"), MailboxStatusKind.Connected, "a@x.com", null, At);
        gmail = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Gmail);
        Assert.Equal(MailboxStatusKind.Connected, gmail.Status);

        await rows.RemoveAsync(Gmail("c"));
        await rows.RemoveAsync(Gmail("default"));
        gmail = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Gmail);
        Assert.Equal((0L, 1L, 0L), (gmail.Connected, gmail.Disconnected, gmail.Error));
        Assert.Equal(MailboxStatusKind.Disconnected, gmail.Status);
        var outlook = (await directory.GetHealthAsync()).Single(h => h.Provider == ProviderName.Outlook);
        Assert.Equal(0, outlook.Total);
        Assert.Equal(MailboxStatusKind.Disconnected, outlook.Status);
    }
}
