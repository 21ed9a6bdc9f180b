using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>A real SQLite database file in a fresh temporary directory, deleted on dispose.</summary>
public sealed class TestDatabase : ITestDatabase, IDisposable
{
    public TestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "aicaller-db-tests", Guid.NewGuid().ToString("N"));
        Database = SqliteDatabase.Open(Directory);
        Settings = HostSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATA_DIR"] = Directory })
            .Build());
    }

    public string Directory { get; }

    public SqliteDatabase Database { get; private set; }

    IDatabase ITestDatabase.Database => Database;

    public HostSettings Settings { get; }

    /// <summary>Keys that live as long as this process; enough where nothing has to be read after a restart.</summary>
    public IDataProtectionProvider DataProtection { get; } = new EphemeralDataProtectionProvider();

    /// <summary>Closes the database and opens it again, as a restarted host would.</summary>
    public SqliteDatabase Reopen()
    {
        Database.Dispose();
        Database = SqliteDatabase.Open(Directory);
        return Database;
    }

    public Task<IDatabase> ReopenAsync() => Task.FromResult<IDatabase>(Reopen());

    public Task<IReadOnlyList<byte[]>> CopyAsync() => Task.FromResult(StoredData.AllFiles(Directory));

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
