using System.Data.Common;
using AiCaller.Email.Grains.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>
/// The embedded default's one database file, <c>DATA_DIR/aicaller.db</c>, in WAL mode. Reads take pooled
/// connections of their own and never wait for a write. Writes go one at a time through one connection held by
/// this host (the data directory lock keeps other processes out), so SQLite never answers "busy", and each
/// write commits with <c>synchronous=FULL</c> before its caller hears that it succeeded.
/// </summary>
public sealed class SqliteDatabase : IDatabase, IDisposable
{
    public const string FileName = "aicaller.db";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly DataDirectoryLock _directoryLock;
    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private int _disposed;

    private SqliteDatabase(DataDirectoryLock directoryLock, string path)
    {
        _directoryLock = directoryLock;
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    }

    public string FilePath { get; }

    public SqlDialect Dialect => SqliteDialect.Instance;

    /// <summary>Takes the data directory, opens (or creates) the database and brings its schema up to date.</summary>
    /// <exception cref="Hosting.StartupRefusedException">Another host uses the directory, or the database is newer than this build.</exception>
    public static SqliteDatabase Open(string dataDirectory)
    {
        var directoryLock = DataDirectoryLock.Acquire(dataDirectory);
        SqliteDatabase? database = null;
        try
        {
            database = new SqliteDatabase(directoryLock, Path.Combine(dataDirectory, FileName));
            database.WriteAsync((connection, transaction) => SchemaMigrator.MigrateAsync(connection, transaction, SqliteSchema.Definition, SqliteDialect.Instance))
                .GetAwaiter().GetResult();
            return database;
        }
        catch
        {
            if (database is not null)
            {
                database.Dispose();
            }
            else
            {
                directoryLock.Dispose();
            }

            throw;
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return await read(connection);
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            await using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await write(_writer, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // A write under way finishes first; later ones are refused.
        _writeGate.Wait();
        try
        {
            _writer.Dispose();
            using (var pooled = new SqliteConnection(_connectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }
        }
        finally
        {
            _writeGate.Release();
            _directoryLock.Dispose();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
