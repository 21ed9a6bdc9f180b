using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole test run: the first test that awaits <see cref="Shared"/> starts it (initdb
/// and pg_ctl in a fresh temporary directory, on a free loopback port) and it stops when the test process exits. Each
/// test takes databases of its own from <see cref="CreateDatabaseAsync"/>; processes that tests start reach the server
/// through those connection strings, over TCP.
/// </summary>
public sealed partial class PostgresServer
{
    private const string Superuser = "postgres";

    private static readonly string RunsDirectory = Path.Combine(Path.GetTempPath(), "aicaller-postgres-tests");

    private static readonly Lazy<Task<PostgresServer>> Started = new(() => Task.Run(Start));

    private readonly PostgresOsUser _user;
    private readonly string _directory;

    private PostgresServer(string binDirectory, PostgresOsUser user, string directory, int port, string superuserPassword)
    {
        BinDirectory = binDirectory;
        _user = user;
        _directory = directory;
        SuperuserConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = "postgres",
            Username = Superuser,
            Password = superuserPassword,
        }.ConnectionString;
    }

    /// <summary>The server of this test run; a server that cannot start fails every test that awaits it.</summary>
    public static Task<PostgresServer> Shared => Started.Value;

    /// <summary>The directory of initdb, pg_ctl, postgres and pg_dump.</summary>
    public string BinDirectory { get; }

    /// <summary>To the `postgres` database as the superuser, for checks that look past a test's own role.</summary>
    public string SuperuserConnectionString { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// A fresh database owned by a fresh login role of the same name that is no superuser, and a connection string
    /// for that role. The product must run on such a role; owning the database is what lets it create tables,
    /// since PostgreSQL 15 no longer lets every role create in schema public.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "aicaller_" + Guid.NewGuid().ToString("N");
        if (!PlainIdentifier().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case SQL identifier", nameof(name));
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using var connection = new NpgsqlConnection(SuperuserConnectionString);
        await connection.OpenAsync();
        // DDL takes no parameters; the name is checked above and the password is hex.
        string[] statements =
        [
            $"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'",
            $"CREATE DATABASE {name} OWNER {name}",
            // Every role may connect to every database by default; this keeps one test's role out of another's database.
            $"REVOKE ALL ON DATABASE {name} FROM PUBLIC",
        ];
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(SuperuserConnectionString)
        {
            Database = name,
            Username = name,
            Password = password,
        }.ConnectionString;
    }

    private static PostgresServer Start()
    {
        var binDirectory = PostgresBinaries.FindDirectory();
        var user = PostgresOsUser.ForThisProcess();
        var directory = Path.Combine(RunsDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var superuserPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(directory, "superuser-password");
        File.WriteAllText(passwordFile, superuserPassword);
        user.TakeOwnership(directory);

        var server = new PostgresServer(binDirectory, user, directory, FreePort.Next(), superuserPassword);
        server.StartWatchdog();
        server.InitializeDataDirectory(passwordFile);
        server.StartPostmaster();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.BeginShutdown();
        return server;
    }

    /// <summary>
    /// Stops the server and deletes its directory once this process is gone, however it ended. An exit handler
    /// cannot do that alone: vstest kills the test host 100 ms after the run (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), and a
    /// killed host runs no handler at all. The watchdog is a shell in a session of its own whose parent has exited,
    /// so that killing the test host's process tree spares it; it is started first, so that it also cleans up after
    /// a server that failed to start.
    /// </summary>
    private void StartWatchdog()
    {
        const string watchdog = """
            exec </dev/null >/dev/null 2>&1
            owner=$1 directory=$2
            shift 2
            while [ -d "/proc/$owner" ]; do sleep 0.2; done
            "$@"
            rm -rf "$directory"
            """;
        var stop = _user.CommandLine(PgCtl, "stop", "--pgdata", DataDirectory, "--mode", "fast", "--wait");
        ChildProcess.Run(
            _directory,
            "setsid",
            ["--fork", "sh", "-c", watchdog, "aicaller-postgres-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _directory, .. stop]);
    }

    private void InitializeDataDirectory(string passwordFile)
    {
        _user.Run(
            _directory,
            Path.Combine(BinDirectory, "initdb"),
            "--pgdata", DataDirectory,
            "--username", Superuser,
            "--pwfile", passwordFile,
            // Passwords on the socket too, where trust would let any local user in as the superuser.
            "--auth", "scram-sha-256",
            "--encoding", "UTF8",
            "--locale", "C",
            "--no-sync");
        File.Delete(passwordFile);

        var port = new NpgsqlConnectionStringBuilder(SuperuserConnectionString).Port;
        File.AppendAllLines(Path.Combine(DataDirectory, "postgresql.conf"),
        [
            "listen_addresses = '127.0.0.1'",
            $"port = {port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{_directory}'",
            // Test data need not survive a crash of the machine, so nothing waits for the disk.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
        ]);
    }

    private void StartPostmaster()
    {
        var log = Path.Combine(_directory, "postgres.log");
        try
        {
            _user.Run(_directory, PgCtl, "start", "--pgdata", DataDirectory, "--log", log, "--wait", "--timeout", "60");
        }
        catch (InvalidOperationException failure)
        {
            var why = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
            throw new InvalidOperationException($"{failure.Message}{Environment.NewLine}postgres.log:{Environment.NewLine}{why}", failure);
        }
    }

    /// <summary>Asks the server to stop without waiting for it, which fits in the time vstest gives; the watchdog finishes.</summary>
    private void BeginShutdown()
    {
        try
        {
            _user.Run(_directory, PgCtl, "stop", "--pgdata", DataDirectory, "--mode", "fast", "--no-wait");
        }
        catch (InvalidOperationException)
        {
            // Not running; the watchdog still deletes the directory.
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();
}
