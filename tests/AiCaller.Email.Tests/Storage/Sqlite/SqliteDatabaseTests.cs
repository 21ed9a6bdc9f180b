using System.Data.Common;
using System.Globalization;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Sqlite;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Storage.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void The_database_is_one_file_in_the_data_directory_in_WAL_mode()
    {
        var path = Path.Combine(_test.Directory, "aicaller.db");

        Assert.Equal(path, _test.Database.FilePath);
        Assert.True(File.Exists(path));
        Assert.Equal(["wal"], StoredData.Query(_test.Directory, "PRAGMA journal_mode", row => row.GetString(0)));
    }

    [Fact]
    public async Task Writes_commit_with_synchronous_FULL()
    {
        var level = await _test.Database.WriteAsync((connection, transaction) => connection.Command("PRAGMA synchronous", transaction).ScalarAsync());

        Assert.Equal(2L, Convert.ToInt64(level, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_new_database_is_at_schema_version_1_with_every_table()
    {
        Assert.Equal([1L], SchemaVersions());
        var tables = StoredData.Query(_test.Directory, "SELECT name FROM sqlite_master WHERE type = 'table'", row => row.GetString(0));
        Assert.Superset(
            new HashSet<string> { "grain_state", "reminders", "data_protection_keys", "mailbox_directory", "mailbox_counts", "send_records", "host_facts" },
            tables.ToHashSet());
    }

    [Fact]
    public async Task Opening_the_database_again_migrates_nothing_more()
    {
        await SetFactAsync(_test.Database, "kept", "yes");

        _test.Reopen();
        _test.Reopen();

        Assert.Equal([1L], SchemaVersions());
        Assert.Equal("yes", await FactAsync(_test.Database, "kept"));
    }

    [Fact]
    public void A_database_written_by_a_newer_release_is_refused()
    {
        _test.Database.Dispose();
        StoredData.Execute(_test.Directory, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (2, 'from a later release', 0)");

        var refusal = Assert.Throws<StartupRefusedException>(() => SqliteDatabase.Open(_test.Directory));

        Assert.Contains("a newer release wrote it", refusal.Message);
        Assert.Contains("version 2", refusal.Message);
        Assert.Equal([1L, 2L], SchemaVersions());

        // The refusal let go of the directory: opening again is refused for the same reason, not for a held lock.
        Assert.Contains("a newer release wrote it", Assert.Throws<StartupRefusedException>(() => SqliteDatabase.Open(_test.Directory)).Message);
    }

    [Fact]
    public async Task A_second_open_of_a_directory_in_use_is_refused_and_the_first_keeps_writing()
    {
        var refusal = Assert.Throws<StartupRefusedException>(() => SqliteDatabase.Open(_test.Directory));

        Assert.Contains(_test.Directory, refusal.Message);
        await SetFactAsync(_test.Database, "after-refusal", "written");
        Assert.Equal("written", await FactAsync(_test.Database, "after-refusal"));
    }

    [Fact]
    public async Task A_disposed_database_lets_its_directory_be_opened_again()
    {
        await SetFactAsync(_test.Database, "before", "1");
        _test.Database.Dispose();

        using var reopened = SqliteDatabase.Open(_test.Directory);

        Assert.Equal("1", await FactAsync(reopened, "before"));
        await SetFactAsync(reopened, "after", "2");
        Assert.Equal("2", await FactAsync(reopened, "after"));
    }

    [Fact]
    public async Task A_write_that_fails_rolls_back_its_statements()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _test.Database.WriteAsync<int>(async (connection, transaction) =>
        {
            await InsertFactAsync(connection.Command("INSERT INTO host_facts (name, value) VALUES (@name, @value)", transaction), "half-done", "x");
            throw new InvalidOperationException("the write changed its mind");
        }));

        Assert.Equal("the write changed its mind", failure.Message);
        Assert.Null(await FactAsync(_test.Database, "half-done"));
        Assert.Empty(StoredData.Query(_test.Directory, "SELECT name FROM host_facts", row => row.GetString(0)));

        // The writer is not left inside the failed transaction.
        await SetFactAsync(_test.Database, "next", "ok");
        Assert.Equal(["next"], StoredData.Query(_test.Directory, "SELECT name FROM host_facts", row => row.GetString(0)));
    }

    [Fact]
    public async Task A_write_is_visible_to_other_connections_once_it_returns()
    {
        await SetFactAsync(_test.Database, "committed", "yes");

        Assert.Equal(["yes"], StoredData.Query(_test.Directory, "SELECT value FROM host_facts WHERE name = 'committed'", row => row.GetString(0)));
    }

    [Fact]
    public async Task Writes_run_one_at_a_time_so_none_is_lost()
    {
        await SetFactAsync(_test.Database, "counter", "0");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _test.Database.WriteAsync(async (connection, transaction) =>
        {
            var value = Convert.ToInt32(await connection.Command("SELECT value FROM host_facts WHERE name = 'counter'", transaction).ScalarAsync(), CultureInfo.InvariantCulture);
            await Task.Yield();
            return await connection.Command("UPDATE host_facts SET value = @value WHERE name = 'counter'", transaction)
                .With("value", (value + 1).ToString(CultureInfo.InvariantCulture))
                .RunAsync();
        }))));

        Assert.Equal("50", await FactAsync(_test.Database, "counter"));
    }

    [Fact]
    public async Task A_read_does_not_wait_for_a_write_under_way_and_sees_only_committed_rows()
    {
        var inserted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _test.Database.WriteAsync(async (connection, transaction) =>
        {
            await InsertFactAsync(connection.Command("INSERT INTO host_facts (name, value) VALUES (@name, @value)", transaction), "in-flight", "x");
            inserted.SetResult();
            await finish.Task;
            return 0;
        });
        string? duringWrite;
        try
        {
            await inserted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            duringWrite = await _test.Database.ReadAsync(connection => FactOnAsync(connection, "in-flight")).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            finish.SetResult();
        }

        await write;
        Assert.Null(duringWrite);
        Assert.Equal("x", await FactAsync(_test.Database, "in-flight"));
    }

    [Fact]
    public async Task A_write_after_dispose_fails_instead_of_waiting_forever()
    {
        var database = _test.Database;
        database.Dispose();

        var write = database.WriteAsync((connection, transaction) => Task.FromResult(0));
        var first = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(ReferenceEquals(first, write), "a write on a disposed database is still waiting after 10 s");
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => write);
    }

    private List<long> SchemaVersions() =>
        StoredData.Query(_test.Directory, "SELECT version FROM schema_migrations ORDER BY version", row => row.GetInt64(0));

    private static Task SetFactAsync(IDatabase database, string name, string value) =>
        database.WriteAsync((connection, transaction) => InsertFactAsync(connection.Command(
            "INSERT INTO host_facts (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", transaction), name, value));

    private static Task<int> InsertFactAsync(DbCommand command, string name, string value) =>
        command.With("name", name).With("value", value).RunAsync();

    private static Task<string?> FactAsync(IDatabase database, string name) => database.ReadAsync(connection => FactOnAsync(connection, name));

    private static async Task<string?> FactOnAsync(DbConnection connection, string name) =>
        (string?)await connection.Command("SELECT value FROM host_facts WHERE name = @name").With("name", name).ScalarAsync();
}
