using System.Text;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A fresh database on the test run's <see cref="PostgresServer"/>, owned by a role of its own that is no superuser,
/// opened as a host of the product opens it (schema and Orleans queries written).
/// </summary>
public sealed class PostgresTestDatabase : ITestDatabase
{
    private PostgresTestDatabase(PostgresServer server, string connectionString, PostgresDatabase database)
    {
        Server = server;
        ConnectionString = connectionString;
        Database = database;
        Settings = HostSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.PostgresConnectionString] = connectionString })
            .Build());
    }

    public PostgresServer Server { get; }

    /// <summary>For the database's own role, as the product is given it.</summary>
    public string ConnectionString { get; }

    public PostgresDatabase Database { get; private set; }

    IDatabase ITestDatabase.Database => Database;

    public HostSettings Settings { get; }

    public IDataProtectionProvider DataProtection { get; } = new EphemeralDataProtectionProvider();

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync();
        return new PostgresTestDatabase(server, connectionString, await PostgresDatabase.OpenAsync(connectionString));
    }

    public async Task<IDatabase> ReopenAsync()
    {
        Database.Dispose();
        Database = await PostgresDatabase.OpenAsync(ConnectionString);
        return Database;
    }

    public async Task<IReadOnlyList<byte[]>> CopyAsync() => [Encoding.UTF8.GetBytes(await DumpDataAsync(ConnectionString))];

    /// <summary><c>pg_dump --data-only</c> of the database, run as the role of <paramref name="connectionString"/>.</summary>
    public static async Task<string> DumpDataAsync(string connectionString)
    {
        var server = await PostgresServer.Shared;
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        var conninfo = $"host={database.Host} port={database.Port} dbname={database.Database} user={database.Username} password={database.Password}";
        return ChildProcess.Run(Path.GetTempPath(), Path.Combine(server.BinDirectory, "pg_dump"), "--data-only", "--no-owner", "--dbname", conninfo);
    }

    /// <summary>
    /// Closes the database and the idle connections that Orleans' providers left in Npgsql's pool for it: the server
    /// takes 100 connections, and a test run makes far more databases than that.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Database.Dispose();
        ReleaseConnections(ConnectionString);
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the pooled idle connections of <paramref name="connectionString"/>.</summary>
    public static void ReleaseConnections(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }
}
