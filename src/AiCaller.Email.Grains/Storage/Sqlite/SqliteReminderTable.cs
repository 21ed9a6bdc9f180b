using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>
/// The durable reminder table of the embedded default: one row per reminder, indexed by the grain's uniform hash so
/// that the silo's ring range is a range query. A change writes that reminder's row and nothing else.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, version";

    private readonly string _serviceId = cluster.Value.ServiceId;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = @serviceId AND grain_id = @grainId",
            command => command.With("grainId", grainId.ToString()),
            cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Reminders whose grain hash lies in the ring range (begin, end], which wraps around when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync(
            begin < end
                ? $"SELECT {Columns} FROM reminders WHERE service_id = @serviceId AND grain_hash > @begin AND grain_hash <= @end"
                : $"SELECT {Columns} FROM reminders WHERE service_id = @serviceId AND (grain_hash > @begin OR grain_hash <= @end)",
            command => command.With("begin", (long)begin).With("end", (long)end),
            cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <returns>The reminder, or null when the grain has no reminder of that name.</returns>
    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = @serviceId AND grain_id = @grainId AND reminder_name = @name",
            command => command.With("grainId", grainId.ToString()).With("name", reminderName),
            cancellationToken);
        return rows.Reminders.SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <returns>The reminder's new ETag.</returns>
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var version = await database.WriteAsync((connection, transaction) => connection.Command(
                "INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ms, version) "
                + "VALUES (@serviceId, @grainId, @name, @hash, @startAt, @periodMs, 0) "
                + "ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET "
                + "grain_hash = excluded.grain_hash, start_at = excluded.start_at, period_ms = excluded.period_ms, version = reminders.version + 1 "
                + "RETURNING version", transaction)
            .With("serviceId", _serviceId)
            .With("grainId", entry.GrainId.ToString())
            .With("name", entry.ReminderName)
            .With("hash", (long)entry.GrainId.GetUniformHashCode())
            .With("startAt", UnixTime.ToMilliseconds(entry.StartAt))
            .With("periodMs", (long)entry.Period.TotalMilliseconds)
            .ScalarAsync(cancellationToken), cancellationToken);
        return Convert.ToString(version, CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <returns>True when the reminder existed with that ETag and is gone; false leaves the table unchanged.</returns>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var deleted = await database.WriteAsync((connection, transaction) => connection.Command(
                "DELETE FROM reminders WHERE service_id = @serviceId AND grain_id = @grainId AND reminder_name = @name AND version = @version",
                transaction)
            .With("serviceId", _serviceId)
            .With("grainId", grainId.ToString())
            .With("name", reminderName)
            .With("version", version)
            .RunAsync(cancellationToken), cancellationToken);
        return deleted > 0;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection
            .Command("DELETE FROM reminders WHERE service_id = @serviceId", transaction)
            .With("serviceId", _serviceId)
            .RunAsync(cancellationToken), cancellationToken);

    private Task<ReminderTableData> QueryAsync(string sql, Func<DbCommand, DbCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await bind(connection.Command(sql).With("serviceId", _serviceId)).RowsAsync(ToEntry, cancellationToken);
            return new ReminderTableData(rows);
        }, cancellationToken);

    private static ReminderEntry ToEntry(DbDataReader row) => new()
    {
        GrainId = GrainId.Parse(row.GetString(0)),
        ReminderName = row.GetString(1),
        StartAt = UnixTime.FromMilliseconds(row.GetInt64(2)).UtcDateTime,
        Period = TimeSpan.FromMilliseconds(row.GetInt64(3)),
        ETag = row.GetInt64(4).ToString(CultureInfo.InvariantCulture),
    };
}
