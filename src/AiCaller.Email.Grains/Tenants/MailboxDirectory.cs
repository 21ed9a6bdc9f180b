using System.Data.Common;
using System.Globalization;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Storage;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>
/// The tenants' mailboxes as rows: one per mailbox that was ever started or connected, written by that mailbox
/// on each status change, with a count per tenant, provider and status kept in the same transaction. A change to
/// one mailbox writes its own row and one or two counts; pages are keyset queries on the primary key, health reads
/// the counts.
/// </summary>
public sealed class MailboxDirectory(IDatabase database, MailboxDetails details, HostSettings settings)
{
    private const string RowKey = "service_id = @serviceId AND tenant = @tenant AND provider = @provider AND account = @account";

    private readonly string _serviceId = settings.ServiceId;

    /// <summary>
    /// Lists a mailbox as disconnected when the tenant has room for it. A mailbox already listed stays as it is.
    /// </summary>
    /// <returns>False when the tenant already has <paramref name="maxPerTenant"/> mailboxes.</returns>
    public Task<bool> TryAddAsync(MailboxKey key, int maxPerTenant, DateTimeOffset now)
    {
        var empty = details.Protect(null, null);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // Two first listings of one tenant at once would both see room for one more.
            await database.Dialect.LockAsync(connection, transaction, $"tenant/{_serviceId}/{key.Tenant}");
            if (await LockedStatusOfAsync(connection, transaction, key) is not null)
            {
                return true;
            }

            var total = Convert.ToInt64(await connection.Command(
                    "SELECT COALESCE(SUM(mailboxes), 0) FROM mailbox_counts WHERE service_id = @serviceId AND tenant = @tenant", transaction)
                .With("serviceId", _serviceId)
                .With("tenant", key.Tenant)
                .ScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
            if (total >= maxPerTenant)
            {
                return false;
            }

            await WriteRowAsync(connection, transaction, key, MailboxStatusKind.Disconnected, empty, now, previous: null);
            return true;
        });
    }

    /// <summary>Records the mailbox's current status: its own row, and the counts when the status changed.</summary>
    public Task UpsertAsync(
        MailboxKey key, MailboxStatusKind status, string? email, MailboxError? lastError, DateTimeOffset now, DateTimeOffset? lastRefreshedAt = null)
    {
        // Encrypted before the write begins: Data Protection may need to store a new key, which is a write of its own.
        var protectedDetails = details.Protect(email, lastError, lastRefreshedAt);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var previous = await LockedStatusOfAsync(connection, transaction, key);
            await WriteRowAsync(connection, transaction, key, status, protectedDetails, now, previous);
            return true;
        });
    }

    /// <summary>Removes the mailbox's row; a mailbox that has none costs a read and writes nothing.</summary>
    public async Task RemoveAsync(MailboxKey key)
    {
        var listed = await database.ReadAsync(async connection =>
            await Keyed(connection.Command($"SELECT 1 FROM mailbox_directory WHERE {RowKey}"), key).ScalarAsync() is not null);
        if (!listed)
        {
            return;
        }

        await database.WriteAsync(async (connection, transaction) =>
        {
            if (await LockedStatusOfAsync(connection, transaction, key) is not { } previous)
            {
                return false;
            }

            await Keyed(connection.Command($"DELETE FROM mailbox_directory WHERE {RowKey}", transaction), key).RunAsync();
            await CountAsync(connection, transaction, key, previous, -1);
            return true;
        });
    }

    /// <summary>Accounts in ordinal order of their id, starting after <paramref name="after"/>: a page costs its own size.</summary>
    public Task<MailboxPage> ListAsync(string tenant, ProviderName provider, int limit, string? after) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.Command(
                    "SELECT account, status, details, updated_at FROM mailbox_directory "
                    + "WHERE service_id = @serviceId AND tenant = @tenant AND provider = @provider AND account > @after "
                    + "ORDER BY account LIMIT @limit")
                .With("serviceId", _serviceId)
                .With("tenant", tenant)
                .With("provider", provider.ToSlug())
                .With("after", after ?? string.Empty)
                .With("limit", limit + 1)
                .RowsAsync(row => ToSummary(provider, row));
            var next = rows.Count > limit ? rows[limit - 1].Account : null;
            return new MailboxPage(rows.Take(limit).ToList(), next);
        });

    /// <summary>The tenant's mailboxes counted by provider and status, and the status of each provider's default account.</summary>
    public Task<TenantCounts> CountsAsync(string tenant) =>
        database.ReadAsync(async connection =>
        {
            var counts = await connection.Command(
                    "SELECT provider, status, mailboxes FROM mailbox_counts WHERE service_id = @serviceId AND tenant = @tenant AND mailboxes > 0")
                .With("serviceId", _serviceId)
                .With("tenant", tenant)
                .RowsAsync(row => new StatusCount(ProviderOf(row.GetString(0)), StatusOf(row.GetString(1)), row.GetInt64(2)));
            var defaults = await connection.Command(
                    "SELECT provider, status FROM mailbox_directory "
                    + "WHERE service_id = @serviceId AND tenant = @tenant AND provider IN ('gmail', 'outlook') AND account = @account")
                .With("serviceId", _serviceId)
                .With("tenant", tenant)
                .With("account", MailboxKey.DefaultAccount)
                .RowsAsync(row => (Provider: ProviderOf(row.GetString(0)), Status: StatusOf(row.GetString(1))));
            return new TenantCounts(counts, defaults.ToDictionary(d => d.Provider, d => d.Status));
        });

    /// <summary>All tenants' mailboxes counted by provider and status, for the metrics: one query over the counts, not the rows.</summary>
    public Task<List<StatusCount>> TotalsAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(connection => connection.Command(
                "SELECT provider, status, SUM(mailboxes) FROM mailbox_counts WHERE service_id = @serviceId GROUP BY provider, status")
            .With("serviceId", _serviceId)
            .RowsAsync(row => new StatusCount(
                ProviderOf(row.GetString(0)), StatusOf(row.GetString(1)), Convert.ToInt64(row.GetValue(2), CultureInfo.InvariantCulture)),
                cancellationToken), cancellationToken);

    /// <summary>
    /// After the encryption keys changed, every listed mailbox's state is unreadable: each becomes an error that says so,
    /// and the counts are rebuilt from the rows. Runs once per key change, at start.
    /// </summary>
    public Task<long> MarkAllUnreadableAsync(MailboxError error, DateTimeOffset now)
    {
        var unreadable = details.Protect(null, error);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.Command(
                    "UPDATE mailbox_directory SET status = @status, details = @details, updated_at = @now WHERE service_id = @serviceId", transaction)
                .With("serviceId", _serviceId)
                .With("status", MailboxStatusKind.Error.ToSlug())
                .With("details", unreadable)
                .With("now", database.Dialect.Instant(now))
                .RunAsync();
            await connection.Command("DELETE FROM mailbox_counts WHERE service_id = @serviceId", transaction).With("serviceId", _serviceId).RunAsync();
            await connection.Command(
                    "INSERT INTO mailbox_counts (service_id, tenant, provider, status, mailboxes) "
                    + "SELECT service_id, tenant, provider, status, COUNT(*) FROM mailbox_directory WHERE service_id = @serviceId "
                    + "GROUP BY service_id, tenant, provider, status", transaction)
                .With("serviceId", _serviceId)
                .RunAsync();
            return (long)changed;
        });
    }

    private async Task WriteRowAsync(
        DbConnection connection, DbTransaction transaction, MailboxKey key, MailboxStatusKind status, byte[] protectedDetails,
        DateTimeOffset now, MailboxStatusKind? previous)
    {
        await Keyed(connection.Command(
                "INSERT INTO mailbox_directory (service_id, tenant, provider, account, status, details, updated_at) "
                + "VALUES (@serviceId, @tenant, @provider, @account, @status, @details, @now) "
                + "ON CONFLICT (service_id, tenant, provider, account) DO UPDATE SET "
                + "status = excluded.status, details = excluded.details, updated_at = excluded.updated_at", transaction), key)
            .With("status", status.ToSlug())
            .With("details", protectedDetails)
            .With("now", database.Dialect.Instant(now))
            .RunAsync();

        if (previous == status)
        {
            return;
        }

        // Count rows are changed in one order by every writer, so that two status changes of one tenant cannot deadlock.
        var changes = new List<(MailboxStatusKind Status, int Delta)> { (status, +1) };
        if (previous is { } old)
        {
            changes.Add((old, -1));
        }

        foreach (var (changed, delta) in changes.OrderBy(c => c.Status.ToSlug(), StringComparer.Ordinal))
        {
            await CountAsync(connection, transaction, key, changed, delta);
        }
    }

    private Task CountAsync(DbConnection connection, DbTransaction transaction, MailboxKey key, MailboxStatusKind status, int delta) =>
        connection.Command(
                "INSERT INTO mailbox_counts (service_id, tenant, provider, status, mailboxes) VALUES (@serviceId, @tenant, @provider, @status, @delta) "
                + "ON CONFLICT (service_id, tenant, provider, status) DO UPDATE SET mailboxes = mailbox_counts.mailboxes + excluded.mailboxes", transaction)
            .With("serviceId", _serviceId)
            .With("tenant", key.Tenant)
            .With("provider", key.Provider.ToSlug())
            .With("status", status.ToSlug())
            .With("delta", delta)
            .RunAsync();

    /// <summary>The mailbox's listed status, read under a lock on the mailbox, so that the counts it moves stay right.</summary>
    private async Task<MailboxStatusKind?> LockedStatusOfAsync(DbConnection connection, DbTransaction transaction, MailboxKey key)
    {
        await database.Dialect.LockAsync(connection, transaction, $"mailbox/{_serviceId}/{key}");
        var status = await Keyed(connection.Command($"SELECT status FROM mailbox_directory WHERE {RowKey}", transaction), key).ScalarAsync();
        return status is string slug ? StatusOf(slug) : null;
    }

    private DbCommand Keyed(DbCommand command, MailboxKey key) => command
        .With("serviceId", _serviceId)
        .With("tenant", key.Tenant)
        .With("provider", key.Provider.ToSlug())
        .With("account", key.Account);

    private MailboxSummary ToSummary(ProviderName provider, DbDataReader row)
    {
        var account = row.GetString(0);
        var status = StatusOf(row.GetString(1));
        var updatedAt = database.Dialect.ReadInstant(row, 3);
        return details.TryUnprotect(row.NullableBytes(2), out var email, out var lastError, out var lastRefreshedAt)
            ? new MailboxSummary(provider, account, status, email, lastError, updatedAt, lastRefreshedAt)
            : new MailboxSummary(provider, account, MailboxStatusKind.Error, null, StateUnreadable.Error(updatedAt), updatedAt);
    }

    private static ProviderName ProviderOf(string slug) =>
        ProviderNames.TryParse(slug, out var provider) ? provider : throw new InvalidDataException($"Unknown provider '{slug}' in the directory.");

    private static MailboxStatusKind StatusOf(string slug) =>
        MailboxStatusKinds.TryParse(slug, out var status) ? status : throw new InvalidDataException($"Unknown status '{slug}' in the directory.");
}
