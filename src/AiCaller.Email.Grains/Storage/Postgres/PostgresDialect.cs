using System.Data.Common;

namespace AiCaller.Email.Grains.Storage.Postgres;

/// <summary>PostgreSQL: instants as timestamptz; transaction-scoped advisory locks where writers could race.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    // Npgsql writes timestamptz from UTC values only.
    public override object Instant(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadInstant(DbDataReader row, int ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal);

    public override Task LockAsync(DbConnection connection, DbTransaction transaction, string name) =>
        connection.Command("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))", transaction).With("name", name).RunAsync();
}
