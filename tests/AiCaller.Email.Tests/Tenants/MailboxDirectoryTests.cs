using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Tests.Tenants;

/// <summary>The directory's rows and counts, on each database the product runs on.</summary>
public abstract class MailboxDirectoryTests(Func<Task<ITestDatabase>> createDatabase) : IAsyncLifetime
{
    private const string Tenant = "tenant-1";

    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private ITestDatabase _test = null!;
    private MailboxDirectory _directory = null!;

    public async Task InitializeAsync()
    {
        _test = await createDatabase();
        _directory = DirectoryWith(_test.DataProtection);
    }

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task Counts_follow_upserts_status_changes_and_removals()
    {
        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Connected, null, null, At);
        await _directory.UpsertAsync(Gmail("b"), MailboxStatusKind.Connected, null, null, At);
        await _directory.UpsertAsync(Gmail("c"), MailboxStatusKind.Disconnected, null, null, At);
        await _directory.UpsertAsync(Outlook("a"), MailboxStatusKind.Error, null, null, At);
        await _directory.UpsertAsync(MailboxKey.Create(ProviderName.Gmail, "tenant-2", "a"), MailboxStatusKind.Connected, null, null, At);

        var counts = await AssertCountsMatchRowsAsync(Tenant);
        Assert.Equal((2L, 1L, 0L), (counts.Of(ProviderName.Gmail, MailboxStatusKind.Connected), counts.Of(ProviderName.Gmail, MailboxStatusKind.Disconnected), counts.Of(ProviderName.Gmail, MailboxStatusKind.Error)));
        Assert.Equal(1L, counts.Of(ProviderName.Outlook, MailboxStatusKind.Error));

        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Error, null, null, At.AddMinutes(1));
        await _directory.UpsertAsync(Gmail("b"), MailboxStatusKind.Connected, null, null, At.AddMinutes(1));
        await _directory.UpsertAsync(Outlook("a"), MailboxStatusKind.Connected, null, null, At.AddMinutes(1));

        counts = await AssertCountsMatchRowsAsync(Tenant);
        Assert.Equal((1L, 1L, 1L), (counts.Of(ProviderName.Gmail, MailboxStatusKind.Connected), counts.Of(ProviderName.Gmail, MailboxStatusKind.Disconnected), counts.Of(ProviderName.Gmail, MailboxStatusKind.Error)));
        Assert.Equal((1L, 0L), (counts.Of(ProviderName.Outlook, MailboxStatusKind.Connected), counts.Of(ProviderName.Outlook, MailboxStatusKind.Error)));

        await _directory.RemoveAsync(Gmail("c"));
        await _directory.RemoveAsync(Outlook("a"));
        await _directory.RemoveAsync(Gmail("never-listed"));

        counts = await AssertCountsMatchRowsAsync(Tenant);
        Assert.Equal(2L, counts.Counts.Sum(c => c.Mailboxes));
        Assert.Equal((1L, 1L), (counts.Of(ProviderName.Gmail, MailboxStatusKind.Connected), counts.Of(ProviderName.Gmail, MailboxStatusKind.Error)));
        Assert.Equal(1L, (await AssertCountsMatchRowsAsync("tenant-2")).Of(ProviderName.Gmail, MailboxStatusKind.Connected));
    }

    [Fact]
    public async Task Counts_report_the_status_of_each_providers_default_account()
    {
        await _directory.UpsertAsync(Gmail(MailboxKey.DefaultAccount), MailboxStatusKind.Disconnected, null, null, At);
        await _directory.UpsertAsync(Outlook("not-the-default"), MailboxStatusKind.Connected, null, null, At);

        var counts = await _directory.CountsAsync(Tenant);

        Assert.Equal(MailboxStatusKind.Disconnected, Assert.Single(counts.DefaultAccounts, d => d.Key == ProviderName.Gmail).Value);
        Assert.DoesNotContain(ProviderName.Outlook, counts.DefaultAccounts.Keys);
    }

    [Fact]
    public async Task A_status_change_writes_only_that_mailboxs_row()
    {
        foreach (var account in new[] { "a", "b", "c", "d", "e" })
        {
            await _directory.UpsertAsync(Gmail(account), MailboxStatusKind.Connected, $"{account}@example.com", null, At);
        }

        await _directory.UpsertAsync(Gmail("c"), MailboxStatusKind.Error, "c@example.com", null, At.AddMinutes(1));

        var changed = await _test.Database.QueryAsync(
            "SELECT account FROM mailbox_directory WHERE updated_at <> @at", row => row.GetString(0), ("at", _test.Database.Dialect.Instant(At)));
        Assert.Equal(["c"], changed);
        await AssertCountsMatchRowsAsync(Tenant);
    }

    [Fact]
    public async Task Adding_is_refused_beyond_the_cap_but_a_listed_mailbox_may_always_be_added_again()
    {
        Assert.True(await _directory.TryAddAsync(Gmail("a"), maxPerTenant: 3, At));
        Assert.True(await _directory.TryAddAsync(Gmail("b"), maxPerTenant: 3, At));
        Assert.True(await _directory.TryAddAsync(Outlook("c"), maxPerTenant: 3, At));
        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Connected, "a@example.com", null, At.AddMinutes(1));

        Assert.False(await _directory.TryAddAsync(Gmail("d"), maxPerTenant: 3, At));
        Assert.True(await _directory.TryAddAsync(Gmail("a"), maxPerTenant: 3, At.AddMinutes(2)));
        Assert.True(await _directory.TryAddAsync(MailboxKey.Create(ProviderName.Gmail, "tenant-2", "d"), maxPerTenant: 3, At));

        var listed = (await _directory.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts;
        Assert.Equal(["a", "b"], listed.Select(m => m.Account));
        Assert.Equal((MailboxStatusKind.Connected, "a@example.com"), (listed[0].Status, listed[0].Email));
        Assert.Equal(MailboxStatusKind.Disconnected, listed[1].Status);

        await _directory.RemoveAsync(Gmail("b"));
        Assert.True(await _directory.TryAddAsync(Gmail("d"), maxPerTenant: 3, At));
        await AssertCountsMatchRowsAsync(Tenant);
    }

    [Fact]
    public async Task Pages_list_a_providers_accounts_in_ordinal_order_after_the_given_account()
    {
        string[] accounts = ["b", "A", "a.b", "c", "B", "0", "a", "a-b", "Z"];
        foreach (var account in accounts)
        {
            await _directory.UpsertAsync(Gmail(account), MailboxStatusKind.Connected, null, null, At);
        }

        await _directory.UpsertAsync(Outlook("a"), MailboxStatusKind.Connected, null, null, At);
        await _directory.UpsertAsync(MailboxKey.Create(ProviderName.Gmail, "tenant-2", "a"), MailboxStatusKind.Connected, null, null, At);

        var pages = new List<IReadOnlyList<string>>();
        string? after = null;
        do
        {
            var page = await _directory.ListAsync(Tenant, ProviderName.Gmail, 3, after);
            pages.Add(page.Accounts.Select(m => m.Account).ToList());
            after = page.NextPageToken;
        }
        while (after is not null && pages.Count < 10);

        var ordinal = accounts.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new IReadOnlyList<string>[] { ordinal[..3], ordinal[3..6], ordinal[6..] }, pages);
        Assert.Equal(["c"], (await _directory.ListAsync(Tenant, ProviderName.Gmail, 3, "bb")).Accounts.Select(m => m.Account));
        Assert.Equal(["a"], (await _directory.ListAsync(Tenant, ProviderName.Outlook, 3, null)).Accounts.Select(m => m.Account));
    }

    [Fact]
    public async Task The_email_and_the_last_error_are_not_stored_in_plain_text()
    {
        const string email = "ana.plaintext-probe@example.com";
        const string message = "The provider said something only ana should read";
        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Error, email, new MailboxError("provider_error", message, At), At);

        var listed = Assert.Single((await _directory.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts);

        Assert.Equal((email, message), (listed.Email, listed.LastError?.Message));
        Assert.Empty(SecretScan.Find(await _test.CopyAsync(), [email, message]));
    }

    [Fact]
    public async Task A_row_whose_details_no_longer_decrypt_lists_as_an_unreadable_error()
    {
        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Connected, "a@example.com", null, At);
        var withOtherKeys = DirectoryWith(new EphemeralDataProtectionProvider());

        var listed = Assert.Single((await withOtherKeys.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts);

        Assert.Equal((MailboxStatusKind.Error, "state_unreadable", (string?)null, At), (listed.Status, listed.LastError?.Code, listed.Email, listed.UpdatedAt));
        var readable = Assert.Single((await _directory.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts);
        Assert.Equal((MailboxStatusKind.Connected, "a@example.com"), (readable.Status, readable.Email));
    }

    [Fact]
    public async Task Marking_all_unreadable_turns_every_row_to_an_error_and_rebuilds_the_counts()
    {
        await _directory.UpsertAsync(Gmail("a"), MailboxStatusKind.Connected, "a@example.com", null, At);
        await _directory.UpsertAsync(Gmail("b"), MailboxStatusKind.Disconnected, null, null, At);
        await _directory.UpsertAsync(Outlook("a"), MailboxStatusKind.NotConfigured, null, null, At);
        await _directory.UpsertAsync(MailboxKey.Create(ProviderName.Gmail, "tenant-2", "a"), MailboxStatusKind.Connected, null, null, At);
        var anotherService = DirectoryWith(_test.DataProtection, "another-service");
        await anotherService.UpsertAsync(Gmail("a"), MailboxStatusKind.Connected, "a@example.com", null, At);
        var later = At.AddHours(1);
        var withNewKeys = DirectoryWith(new EphemeralDataProtectionProvider());

        var changed = await withNewKeys.MarkAllUnreadableAsync(StateUnreadable.Error(later), later);

        Assert.Equal(4, changed);
        var counts = await AssertCountsMatchRowsAsync(Tenant);
        Assert.All(counts.Counts, c => Assert.Equal(MailboxStatusKind.Error, c.Status));
        Assert.Equal((2L, 1L), (counts.Of(ProviderName.Gmail, MailboxStatusKind.Error), counts.Of(ProviderName.Outlook, MailboxStatusKind.Error)));
        Assert.Equal(1L, (await AssertCountsMatchRowsAsync("tenant-2")).Of(ProviderName.Gmail, MailboxStatusKind.Error));
        var listed = (await withNewKeys.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts;
        Assert.All(listed, m => Assert.Equal((MailboxStatusKind.Error, "state_unreadable", (string?)null, later), (m.Status, m.LastError?.Code, m.Email, m.UpdatedAt)));

        var untouched = Assert.Single((await anotherService.ListAsync(Tenant, ProviderName.Gmail, 10, null)).Accounts);
        Assert.Equal((MailboxStatusKind.Connected, "a@example.com"), (untouched.Status, untouched.Email));
        Assert.Equal(1L, (await anotherService.CountsAsync(Tenant)).Of(ProviderName.Gmail, MailboxStatusKind.Connected));
    }

    private MailboxDirectory DirectoryWith(IDataProtectionProvider keys, string? serviceId = null) =>
        new(_test.Database, new MailboxDetails(keys), serviceId is null ? _test.Settings : _test.Settings with { ServiceId = serviceId });

    /// <summary>The kept counts must equal a count of the rows themselves.</summary>
    private async Task<TenantCounts> AssertCountsMatchRowsAsync(string tenant)
    {
        var counts = await _directory.CountsAsync(tenant);
        var fromRows = await _test.Database.QueryAsync(
            "SELECT provider, status, COUNT(*) FROM mailbox_directory WHERE service_id = @serviceId AND tenant = @tenant GROUP BY provider, status",
            row => (Provider: row.GetString(0), Status: row.GetString(1), Mailboxes: row.GetInt64(2)),
            ("serviceId", _test.Settings.ServiceId),
            ("tenant", tenant));
        Assert.Equal(Sorted(fromRows), Sorted(counts.Counts.Select(c => (c.Provider.ToSlug(), c.Status.ToSlug(), c.Mailboxes))));
        return counts;
    }

    private static List<(string Provider, string Status, long Mailboxes)> Sorted(IEnumerable<(string Provider, string Status, long Mailboxes)> counts) =>
        counts.OrderBy(c => c.Provider, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ToList();

    private static MailboxKey Gmail(string account) => MailboxKey.Create(ProviderName.Gmail, Tenant, account);

    private static MailboxKey Outlook(string account) => MailboxKey.Create(ProviderName.Outlook, Tenant, account);
}

public sealed class SqliteMailboxDirectoryTests() : MailboxDirectoryTests(() => Task.FromResult<ITestDatabase>(new TestDatabase()));

public sealed class PostgresMailboxDirectoryTests() : MailboxDirectoryTests(async () => await PostgresTestDatabase.CreateAsync());
