using System.Data.Common;

namespace AiCaller.Email.Grains.Storage;

/// <summary>What differs between the databases our SQL runs on, in the few places where it does.</summary>
public abstract class SqlDialect
{
    /// <summary>An instant as a parameter value for a timestamp column.</summary>
    public abstract object Instant(DateTimeOffset value);

    public abstract DateTimeOffset ReadInstant(DbDataReader row, int ordinal);

    public DateTimeOffset? ReadNullableInstant(DbDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : ReadInstant(row, ordinal);

    /// <summary>Serialises, until the transaction ends, the transactions that check and then change one thing (a tenant's count).</summary>
    public abstract Task LockAsync(DbConnection connection, DbTransaction transaction, string name);
}
