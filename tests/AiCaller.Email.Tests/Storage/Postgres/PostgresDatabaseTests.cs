using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Postgres;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage.Postgres;

/// <summary>The cluster's database as every host opens it: its schema, the Orleans queries, and the product's own tables.</summary>
public sealed class PostgresDatabaseTests
{
    private static readonly string[] Tables =
    [
        "schema_migrations", "orleansquery", "orleans_membership_version", "orleans_membership", "grain_state", "reminders",
        "data_protection_keys", "mailbox_directory", "mailbox_counts", "send_records", "host_facts",
    ];

    /// <summary>The keys Orleans 10.4's ADO.NET clustering, grain storage and reminders read (ORLEANS.md A3).</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "MembershipReadRowKey",
        "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task The_first_open_creates_schema_version_1_with_every_table_and_every_query_the_providers_read()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();

        Assert.Equal([1], await SchemaVersionsAsync(test.Database));
        var tables = await test.Database.QueryAsync(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'", row => row.GetString(0));
        Assert.Superset(Tables.ToHashSet(), tables.ToHashSet());
        var queries = await StoredQueriesAsync(test.Database);
        Assert.Superset(ProviderQueryKeys.ToHashSet(), queries.Keys.ToHashSet());
        Assert.Equal(OrleansQueries.All.OrderBy(q => q.Key, StringComparer.Ordinal), queries.OrderBy(q => q.Key, StringComparer.Ordinal));
    }

    /// <summary>Read from the Orleans packages themselves, so that an upgrade that needs a new query fails here first.</summary>
    [Fact]
    public async Task The_stored_queries_hold_every_key_the_referenced_Orleans_providers_require()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var clustering = RequiredKeysOf(typeof(AdoNetClusteringSiloOptions).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries");
        var reminders = RequiredKeysOf(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries");
        var storage = Regex.Matches(AdoNetGrainStorage.DefaultInitializationQuery, "'(\\w+Key)'").Select(m => m.Groups[1].Value).ToList();

        var stored = (await StoredQueriesAsync(test.Database)).Keys.ToHashSet();

        Assert.Contains("UpdateIAmAlivetimeKey", clustering);
        Assert.Contains("ReadRangeRows2Key", reminders);
        Assert.Contains("WriteToStorageKey", storage);
        Assert.Superset(clustering.Concat(reminders).Concat(storage).ToHashSet(), stored);
    }

    [Fact]
    public async Task Opening_again_migrates_nothing_keeps_the_data_and_writes_this_builds_queries_again()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await new HostFacts(test.Database).SetAsync("kept", "yes");
        await ExecuteAsync(test.ConnectionString, "UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'ReadFromStorageKey'");

        await test.ReopenAsync();
        await test.ReopenAsync();

        Assert.Equal([1], await SchemaVersionsAsync(test.Database));
        Assert.Equal("yes", await new HostFacts(test.Database).GetAsync("kept"));
        Assert.Equal(OrleansQueries.All["ReadFromStorageKey"], (await StoredQueriesAsync(test.Database))["ReadFromStorageKey"]);
    }

    [Fact]
    public async Task Hosts_opening_an_empty_database_at_once_create_its_schema_once()
    {
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(connectionString))));
        try
        {
            Assert.Equal([1], await SchemaVersionsAsync(opened[0]));
            Assert.Equal(OrleansQueries.All.Count, (await StoredQueriesAsync(opened[^1])).Count);
        }
        finally
        {
            foreach (var database in opened)
            {
                database.Dispose();
            }

            PostgresTestDatabase.ReleaseConnections(connectionString);
        }
    }

    /// <summary>
    /// Three headless silos started together on an empty database: each brings the schema up to date at start, under
    /// the advisory lock, and all three join the cluster through the product's membership queries.
    /// </summary>
    [Fact]
    public async Task Silo_processes_started_at_once_on_an_empty_database_share_one_schema_and_all_join_the_cluster()
    {
        const string clusterId = "started-at-once";
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.Path);
        var settings = new Dictionary<string, string?>
        {
            [SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString)] = connectionString,
            [SettingNames.OrleansClusterId] = clusterId,
            [SettingNames.OrleansAdvertisedIp] = "127.0.0.1",
        };

        var starting = Enumerable.Range(0, 3).Select(i => SiloProcess.StartAsync($"silo-{i}", settings, directory.Path)).ToList();
        try
        {
            var silos = await Task.WhenAll(starting);

            using var database = await PostgresDatabase.OpenAsync(connectionString);
            Assert.Equal([1], await SchemaVersionsAsync(database));
            Assert.Equal(OrleansQueries.All.Count, (await StoredQueriesAsync(database)).Count);
            var members = await database.QueryAsync(
                "SELECT port, status FROM orleans_membership WHERE deployment_id = @clusterId",
                row => (Port: row.GetInt32(0), Status: row.GetInt32(1)),
                ("clusterId", clusterId));
            Assert.Equal(
                silos.Select(silo => (silo.SiloPort, 3)).Order(),
                members.Select(member => (member.Port, member.Status)).Order());
        }
        finally
        {
            foreach (var started in starting)
            {
                try
                {
                    await (await started).DisposeAsync();
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // It never started; its failure is the test's.
                }
            }

            PostgresTestDatabase.ReleaseConnections(connectionString);
        }
    }

    [Fact]
    public async Task A_database_written_by_a_newer_release_is_refused_and_left_as_it_was()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(test.ConnectionString, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (2, 'from a later release', now())");
        await ExecuteAsync(test.ConnectionString, "UPDATE OrleansQuery SET QueryText = 'a later release''s text' WHERE QueryKey = 'ReadFromStorageKey'");

        var refusal = await Assert.ThrowsAsync<StartupRefusedException>(() => PostgresDatabase.OpenAsync(test.ConnectionString));

        Assert.Contains("a newer release wrote it", refusal.Message);
        Assert.Contains("version 2", refusal.Message);
        Assert.Equal([1, 2], await SchemaVersionsAsync(test.Database));
        Assert.Equal("a later release's text", (await StoredQueriesAsync(test.Database))["ReadFromStorageKey"]);

        // A host is refused the same way: before anything of it starts.
        var hostRefusal = Assert.Throws<StartupRefusedException>(() => new ServiceCollection().AddProductDatabase(test.Settings));
        Assert.Contains("a newer release wrote it", hostRefusal.Message);
    }

    [Fact]
    public async Task The_product_runs_as_a_role_that_is_no_superuser_and_owns_every_table_it_created()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var role = new NpgsqlConnectionStringBuilder(test.ConnectionString).Username!;

        var rights = Assert.Single(await test.Database.QueryAsync(
            "SELECT current_user::text, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user",
            row => (Role: row.GetString(0), Super: row.GetBoolean(1), CreateDb: row.GetBoolean(2), CreateRole: row.GetBoolean(3), BypassRls: row.GetBoolean(4))));
        var owners = await test.Database.QueryAsync(
            "SELECT DISTINCT tableowner::text FROM pg_tables WHERE schemaname = 'public'", row => row.GetString(0));

        Assert.Equal((role, false, false, false, false), rights);
        Assert.Equal([role], owners);
    }

    [Fact]
    public async Task Instants_round_trip_through_timestamptz_columns_as_instants_to_the_microsecond_in_any_session_time_zone()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var elsewhere = new NpgsqlConnectionStringBuilder(test.ConnectionString) { Timezone = "Asia/Kathmandu" }.ConnectionString;
        using var database = await PostgresDatabase.OpenAsync(elsewhere);
        var created = new DateTimeOffset(2026, 3, 29, 1, 30, 15, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var attempted = new DateTimeOffset(2026, 3, 29, 23, 59, 59, 999, TimeSpan.Zero);

        await database.WriteAsync((connection, transaction) => connection.Command(
                "INSERT INTO send_records (service_id, mailbox, idempotency_key, payload_hash, marker, outcome, created_at, attempted_at, unknown_since) "
                + "VALUES ('s', 'm', 'k', 'h', 'x', 'pending', @createdAt, @attemptedAt, @unknownSince)", transaction)
            .With("createdAt", database.Dialect.Instant(created))
            .With("attemptedAt", database.Dialect.Instant(attempted))
            .With("unknownSince", null)
            .RunAsync());
        var read = Assert.Single(await test.Database.QueryAsync(
            "SELECT created_at, attempted_at, unknown_since, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM send_records",
            row => (Created: database.Dialect.ReadInstant(row, 0), Attempted: database.Dialect.ReadInstant(row, 1),
                UnknownSince: database.Dialect.ReadNullableInstant(row, 2), CreatedInUtc: row.GetString(3))));

        // PostgreSQL keeps microseconds; the 100 ns tick below them is dropped.
        Assert.Equal(created.AddTicks(-7), read.Created);
        Assert.Equal(TimeSpan.Zero, read.Created.Offset);
        Assert.Equal(attempted, read.Attempted);
        Assert.Null(read.UnknownSince);
        Assert.Equal("2026-03-28 23:30:15.123456", read.CreatedInUtc);
    }

    [Fact]
    public async Task Every_time_column_is_timestamptz()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();

        var timeColumns = await test.Database.QueryAsync(
            "SELECT table_name || '.' || column_name, data_type::text FROM information_schema.columns "
            + "WHERE table_schema = 'public' AND (data_type LIKE 'timestamp%' OR data_type = 'date' OR data_type LIKE 'time %' OR column_name LIKE '%\\_at' OR column_name LIKE '%time' OR column_name LIKE '%since')",
            row => (Column: row.GetString(0), Type: row.GetString(1)));

        Assert.Contains(timeColumns, c => c.Column == "orleans_membership.i_am_alive_time");
        Assert.Contains(timeColumns, c => c.Column == "reminders.start_time");
        Assert.Contains(timeColumns, c => c.Column == "send_records.unknown_since");
        Assert.All(timeColumns, c => Assert.Equal((c.Column, "timestamp with time zone"), c));
    }

    [Fact]
    public async Task A_write_that_fails_rolls_back_its_statements()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => test.Database.WriteAsync<int>(async (connection, transaction) =>
        {
            await connection.Command("INSERT INTO host_facts (name, value) VALUES ('half-done', 'x')", transaction).RunAsync();
            throw new InvalidOperationException("the write changed its mind");
        }));

        Assert.Equal("the write changed its mind", failure.Message);
        Assert.Empty(await test.Database.QueryAsync("SELECT name FROM host_facts", row => row.GetString(0)));
        await new HostFacts(test.Database).SetAsync("next", "ok");
        Assert.Equal(["next"], await test.Database.QueryAsync("SELECT name FROM host_facts", row => row.GetString(0)));
    }

    /// <summary>Read, then write what was read: without the dialect's lock, writers at once would lose updates.</summary>
    [Fact]
    public async Task Writers_that_take_the_dialects_lock_on_one_name_lose_no_update()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var facts = new HostFacts(test.Database);
        await facts.SetAsync("counter", "0");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => test.Database.WriteAsync(async (connection, transaction) =>
        {
            await test.Database.Dialect.LockAsync(connection, transaction, "tenant/counter");
            var value = int.Parse((string)(await connection.Command("SELECT value FROM host_facts WHERE name = 'counter'", transaction).ScalarAsync())!, CultureInfo.InvariantCulture);
            await Task.Delay(5);
            return await connection.Command("UPDATE host_facts SET value = @value WHERE name = 'counter'", transaction)
                .With("value", (value + 1).ToString(CultureInfo.InvariantCulture))
                .RunAsync();
        }))));

        Assert.Equal("20", await facts.GetAsync("counter"));
    }

    [Fact]
    public async Task A_connection_string_makes_PostgreSQL_the_products_one_database_and_no_data_directory_is_made()
    {
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync();
        using var dataDirectory = new TemporaryDirectory();
        var settings = HostSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingNames.PostgresConnectionString] = connectionString,
                [SettingNames.DataDirectory] = dataDirectory.Path,
            })
            .Build());

        await using var services = new ServiceCollection().AddProductDatabase(settings).BuildServiceProvider();
        var database = services.GetRequiredService<IDatabase>();

        Assert.IsType<PostgresDatabase>(database);
        Assert.IsType<PostgresDialect>(database.Dialect);
        Assert.Equal([1], await SchemaVersionsAsync(database));
        Assert.False(Directory.Exists(dataDirectory.Path));
        PostgresTestDatabase.ReleaseConnections(connectionString);
    }

    private static Task<List<int>> SchemaVersionsAsync(IDatabase database) =>
        database.QueryAsync("SELECT version FROM schema_migrations ORDER BY version", row => row.GetInt32(0));

    private static async Task<Dictionary<string, string>> StoredQueriesAsync(IDatabase database) =>
        (await database.QueryAsync("SELECT QueryKey, QueryText FROM OrleansQuery", row => (Key: row.GetString(0), Text: row.GetString(1))))
        .ToDictionary(q => q.Key, q => q.Text);

    /// <summary>The <c>…Key</c> properties of a provider's internal query catalogue, each of which it demands at start.</summary>
    private static List<string> RequiredKeysOf(Assembly provider, string catalogue) =>
        (provider.GetType(catalogue, throwOnError: true)!)
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(p => p.PropertyType == typeof(string) && p.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(p => p.Name)
            .ToList();

    /// <summary>As an operator would, past the product: a connection of its own as the database's role.</summary>
    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
