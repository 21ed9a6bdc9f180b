using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A fresh product database for one test, on either database the product runs on, so that a store's suite runs
/// unchanged on both: <see cref="TestDatabase"/> (SQLite) and <see cref="PostgresTestDatabase"/>.
/// </summary>
public interface ITestDatabase : IAsyncDisposable
{
    IDatabase Database { get; }

    HostSettings Settings { get; }

    /// <summary>Keys that live as long as this process; enough where nothing has to be read after a restart.</summary>
    IDataProtectionProvider DataProtection { get; }

    /// <summary>Closes the database and opens it again, as a restarted host would.</summary>
    Task<IDatabase> ReopenAsync();

    /// <summary>
    /// What an operator (or an attacker) holding a copy of the data would read, without any key: the files under the
    /// data directory for SQLite, <c>pg_dump --data-only</c> for PostgreSQL.
    /// </summary>
    Task<IReadOnlyList<byte[]>> CopyAsync();
}
