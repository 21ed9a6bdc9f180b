using Npgsql;

namespace AiCaller.Email.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_created_database_admits_its_role_which_is_no_superuser_yet_may_create_tables_in_it()
    {
        var server = await PostgresServer.Shared;
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal("off", await ScalarAsync(connection, "SHOW is_superuser"));
        await using (var superuser = new NpgsqlConnection(server.SuperuserConnectionString))
        {
            await superuser.OpenAsync();
            var owner = $"SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = '{database.Database}'";
            Assert.Equal(database.Username, await ScalarAsync(superuser, owner));
        }

        await ExecuteAsync(connection, "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO notes VALUES (1, 'kept')");
        Assert.Equal("kept", await ScalarAsync(connection, "SELECT body FROM notes WHERE id = 1"));
    }

    [Fact]
    public async Task Two_created_databases_are_separate()
    {
        var server = await PostgresServer.Shared;
        var first = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        var second = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());

        await using (var connection = new NpgsqlConnection(first.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE notes (id int PRIMARY KEY)");
        }

        await using (var connection = new NpgsqlConnection(second.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Null(await ScalarAsync(connection, "SELECT to_regclass('notes')::text"));
        }

        var intruder = new NpgsqlConnectionStringBuilder(first.ConnectionString) { Database = second.Database };
        await using var intrusion = new NpgsqlConnection(intruder.ConnectionString);
        var refusal = await Assert.ThrowsAsync<PostgresException>(() => intrusion.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refusal.SqlState);
    }

    [Fact]
    public async Task The_servers_bin_directory_has_a_pg_dump_that_dumps_a_created_database()
    {
        var server = await PostgresServer.Shared;
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
            await ExecuteAsync(connection, "INSERT INTO notes VALUES (1, 'dumped')");
        }

        var pgDump = Path.Combine(server.BinDirectory, "pg_dump");
        Assert.True(File.Exists(pgDump), $"no pg_dump in {server.BinDirectory}");
        var conninfo = $"host={database.Host} port={database.Port} dbname={database.Database} user={database.Username} password={database.Password}";
        var dump = ChildProcess.Run(Path.GetTempPath(), pgDump, "--no-owner", "--dbname", conninfo);

        Assert.Contains("CREATE TABLE public.notes", dump);
        Assert.Contains("1\tdumped", dump);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }
}
