using System.Data.Common;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>SQLite: instants as whole milliseconds since 1970 UTC; one writer at a time, so nothing needs locking.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override object Instant(DateTimeOffset value) => UnixTime.ToMilliseconds(value);

    public override DateTimeOffset ReadInstant(DbDataReader row, int ordinal) => UnixTime.FromMilliseconds(row.GetInt64(ordinal));

    public override Task LockAsync(DbConnection connection, DbTransaction transaction, string name) => Task.CompletedTask;
}
