using System.Data.Common;
using AiCaller.Email.Grains.Storage.Schema;
using Npgsql;

namespace AiCaller.Email.Grains.Storage.Postgres;

/// <summary>
/// The cluster's database. Every silo and API host opens it; each brings the schema up to date at start under one
/// advisory lock, so that hosts starting together neither race nor fail, and writes the Orleans queries of its build.
/// The database user needs no superuser rights: it must own the database (or be allowed to create in its schema).
/// </summary>
public sealed class PostgresDatabase : IDatabase, IDisposable
{
    // Any number unlikely to be taken by another application on the same database.
    private const long SchemaLockKey = 0x41_69_43_61_6C_6C_65_72;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    public SqlDialect Dialect => PostgresDialect.Instance;

    /// <summary>Connects, brings the schema up to date and writes the Orleans queries.</summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var database = new PostgresDatabase(NpgsqlDataSource.Create(connectionString));
        try
        {
            await database.WriteAsync(async (connection, transaction) =>
            {
                await connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", SchemaLockKey).RunAsync(cancellationToken);
                var version = await SchemaMigrator.MigrateAsync(connection, transaction, PostgresSchema.Definition, PostgresDialect.Instance);
                foreach (var (key, text) in OrleansQueries.All)
                {
                    await connection.Command(
                            "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) "
                            + "ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText",
                            transaction)
                        .With("key", key)
                        .With("text", text)
                        .RunAsync(cancellationToken);
                }

                return version;
            }, cancellationToken);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public void Dispose() => _dataSource.Dispose();
}
