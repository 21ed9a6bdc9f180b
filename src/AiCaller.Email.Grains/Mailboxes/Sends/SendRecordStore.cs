using System.Data.Common;
using System.Globalization;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Storage;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

/// <summary>
/// Send records in rows of their own (<c>send_records</c>), so that a token refresh never rewrites them and a send
/// writes only its own row. A mailbox keeps them for the idempotency window and at most a fixed number.
/// </summary>
public sealed class SendRecordStore(IDatabase database, HostSettings settings)
{
    private const string RowKey = "service_id = @serviceId AND mailbox = @mailbox AND idempotency_key = @key";

    private readonly string _serviceId = settings.ServiceId;

    /// <returns>The record, or null when there is none younger than <paramref name="createdAfter"/>.</returns>
    public Task<SendRecord?> FindAsync(MailboxKey mailbox, string idempotencyKey, DateTimeOffset createdAfter) =>
        database.ReadAsync(async connection =>
        {
            var rows = await Keyed(connection.Command(
                    "SELECT idempotency_key, payload_hash, marker, outcome, message_id, thread_id, created_at, attempted_at, unknown_since "
                    + $"FROM send_records WHERE {RowKey} AND created_at > @createdAfter"), mailbox, idempotencyKey)
                .With("createdAfter", database.Dialect.Instant(createdAfter))
                .RowsAsync(ToRecord);
            return rows.SingleOrDefault();
        });

    /// <summary>
    /// Records a send as pending before the provider is called. Records older than <paramref name="expiredBefore"/> go
    /// first; beyond <paramref name="maxPerMailbox"/> the oldest go, those whose message is known to be sent before
    /// those still pending.
    /// </summary>
    public Task AddPendingAsync(MailboxKey mailbox, SendRecord record, int maxPerMailbox, DateTimeOffset expiredBefore) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.Command("DELETE FROM send_records WHERE service_id = @serviceId AND mailbox = @mailbox AND created_at <= @expiredBefore", transaction)
                .With("serviceId", _serviceId)
                .With("mailbox", mailbox.ToGrainKey())
                .With("expiredBefore", database.Dialect.Instant(expiredBefore))
                .RunAsync();
            await Keyed(connection.Command(
                    "INSERT INTO send_records (service_id, mailbox, idempotency_key, payload_hash, marker, outcome, created_at, attempted_at) "
                    + "VALUES (@serviceId, @mailbox, @key, @payloadHash, @marker, @outcome, @createdAt, @attemptedAt)", transaction), mailbox, record.IdempotencyKey)
                .With("payloadHash", record.PayloadHash)
                .With("marker", record.Marker)
                .With("outcome", OutcomeSlug(SendOutcome.Pending))
                .With("createdAt", database.Dialect.Instant(record.CreatedAt))
                .With("attemptedAt", database.Dialect.Instant(record.AttemptedAt))
                .RunAsync();

            var count = Convert.ToInt64(await connection.Command(
                    "SELECT COUNT(*) FROM send_records WHERE service_id = @serviceId AND mailbox = @mailbox", transaction)
                .With("serviceId", _serviceId)
                .With("mailbox", mailbox.ToGrainKey())
                .ScalarAsync(), CultureInfo.InvariantCulture);
            if (count > maxPerMailbox)
            {
                await connection.Command(
                        "DELETE FROM send_records WHERE service_id = @serviceId AND mailbox = @mailbox AND idempotency_key IN ("
                        + "SELECT idempotency_key FROM send_records WHERE service_id = @serviceId AND mailbox = @mailbox AND idempotency_key <> @key "
                        + "ORDER BY CASE outcome WHEN 'sent' THEN 0 ELSE 1 END, created_at LIMIT @excess)", transaction)
                    .With("serviceId", _serviceId)
                    .With("mailbox", mailbox.ToGrainKey())
                    .With("key", record.IdempotencyKey)
                    .With("excess", count - maxPerMailbox)
                    .RunAsync();
            }

            return true;
        });

    /// <summary>Records a send that is known to have gone out, unless the key already has a record (imports use this).</summary>
    public Task AddSentAsync(MailboxKey mailbox, SendRecord record) =>
        database.WriteAsync((connection, transaction) => Keyed(connection.Command(
                "INSERT INTO send_records (service_id, mailbox, idempotency_key, payload_hash, marker, outcome, message_id, thread_id, created_at, attempted_at) "
                + "VALUES (@serviceId, @mailbox, @key, @payloadHash, @marker, @outcome, @messageId, @threadId, @createdAt, @attemptedAt) "
                + "ON CONFLICT (service_id, mailbox, idempotency_key) DO NOTHING", transaction), mailbox, record.IdempotencyKey)
            .With("payloadHash", record.PayloadHash)
            .With("marker", record.Marker)
            .With("outcome", OutcomeSlug(SendOutcome.Sent))
            .With("messageId", record.Result?.Id)
            .With("threadId", record.Result?.ThreadId)
            .With("createdAt", database.Dialect.Instant(record.CreatedAt))
            .With("attemptedAt", database.Dialect.Instant(record.AttemptedAt))
            .RunAsync());

    /// <summary>A pending send is tried again now.</summary>
    public Task MarkAttemptAsync(MailboxKey mailbox, string idempotencyKey, DateTimeOffset attemptedAt) =>
        database.WriteAsync((connection, transaction) => Keyed(connection.Command(
                $"UPDATE send_records SET attempted_at = @attemptedAt, unknown_since = NULL WHERE {RowKey}", transaction), mailbox, idempotencyKey)
            .With("attemptedAt", database.Dialect.Instant(attemptedAt))
            .RunAsync());

    /// <summary>The attempt ended without telling whether the provider took the message.</summary>
    public Task MarkUnknownAsync(MailboxKey mailbox, string idempotencyKey, DateTimeOffset at) =>
        database.WriteAsync((connection, transaction) => Keyed(connection.Command(
                $"UPDATE send_records SET unknown_since = @at WHERE {RowKey}", transaction), mailbox, idempotencyKey)
            .With("at", database.Dialect.Instant(at))
            .RunAsync());

    public Task CompleteAsync(MailboxKey mailbox, string idempotencyKey, SendResult result) =>
        database.WriteAsync((connection, transaction) => Keyed(connection.Command(
                $"UPDATE send_records SET outcome = @outcome, message_id = @messageId, thread_id = @threadId WHERE {RowKey}", transaction),
                mailbox, idempotencyKey)
            .With("outcome", OutcomeSlug(SendOutcome.Sent))
            .With("messageId", result.Id)
            .With("threadId", result.ThreadId)
            .RunAsync());

    /// <summary>Forgets a pending send the provider certainly did not take, so that a retry sends.</summary>
    public Task DeleteAsync(MailboxKey mailbox, string idempotencyKey) =>
        database.WriteAsync((connection, transaction) => Keyed(connection.Command(
                $"DELETE FROM send_records WHERE {RowKey} AND outcome = @outcome", transaction), mailbox, idempotencyKey)
            .With("outcome", OutcomeSlug(SendOutcome.Pending))
            .RunAsync());

    /// <summary>Deletes every mailbox's records older than <paramref name="expiredBefore"/>; the host does this at start.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset expiredBefore) =>
        database.WriteAsync((connection, transaction) => connection.Command(
                "DELETE FROM send_records WHERE service_id = @serviceId AND created_at <= @expiredBefore", transaction)
            .With("serviceId", _serviceId)
            .With("expiredBefore", database.Dialect.Instant(expiredBefore))
            .RunAsync());

    private DbCommand Keyed(DbCommand command, MailboxKey mailbox, string idempotencyKey) => command
        .With("serviceId", _serviceId)
        .With("mailbox", mailbox.ToGrainKey())
        .With("key", idempotencyKey);

    private SendRecord ToRecord(DbDataReader row)
    {
        var outcome = row.GetString(3) == OutcomeSlug(SendOutcome.Sent) ? SendOutcome.Sent : SendOutcome.Pending;
        return new SendRecord(
            row.GetString(0),
            row.GetString(1),
            row.GetString(2),
            outcome,
            outcome == SendOutcome.Sent ? new SendResult(row.NullableString(4), row.NullableString(5)) : null,
            database.Dialect.ReadInstant(row, 6),
            database.Dialect.ReadInstant(row, 7),
            database.Dialect.ReadNullableInstant(row, 8));
    }

    private static string OutcomeSlug(SendOutcome outcome) => outcome == SendOutcome.Sent ? "sent" : "pending";
}
