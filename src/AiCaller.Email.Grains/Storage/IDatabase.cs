using System.Data.Common;

namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// The product's own tables (directory, send records, key ring, host facts), reached the same way whichever
/// database holds them. The SQL that runs through it sticks to what SQLite and PostgreSQL both accept.
/// </summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    /// <summary>Runs a read on a connection of its own; reads never wait for writes.</summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default);

    /// <summary>Runs a write in one transaction, committed durably before the returned task completes.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default);
}
