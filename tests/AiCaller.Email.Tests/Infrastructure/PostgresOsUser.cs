namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The operating-system user the test server runs as. PostgreSQL refuses to run as root, so a test run as root hands
/// the server to `postgres` (there once a PostgreSQL package is installed) or else to `nobody`; any other user runs
/// it as itself.
/// </summary>
public sealed class PostgresOsUser
{
    /// <summary>The user and group ids to run programs with; null to run them as this process's user.</summary>
    private readonly (string Uid, string Gid)? _switchTo;

    private PostgresOsUser((string Uid, string Gid)? switchTo) => _switchTo = switchTo;

    public static PostgresOsUser ForThisProcess()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return new PostgresOsUser(switchTo: null);
        }

        var name = Exists("postgres") ? "postgres" : "nobody";
        return new PostgresOsUser((Id("-u", name), Id("-g", name)));
    }

    /// <summary>Hands a directory, and all in it, to this user.</summary>
    public void TakeOwnership(string directory)
    {
        if (_switchTo is (var uid, var gid))
        {
            ChildProcess.Run(directory, "chown", "-R", $"{uid}:{gid}", directory);
        }
    }

    /// <summary>The command line that runs a program as this user.</summary>
    public IReadOnlyList<string> CommandLine(string program, params IEnumerable<string> arguments) =>
        _switchTo is (var uid, var gid)
            // setpriv only changes the ids and execs, where runuser and su would open a PAM session.
            ? ["setpriv", "--reuid", uid, "--regid", gid, "--clear-groups", "--", program, .. arguments]
            : [program, .. arguments];

    /// <summary>Runs a program as this user; see <see cref="ChildProcess.Run"/>.</summary>
    public string Run(string workingDirectory, string program, params IEnumerable<string> arguments)
    {
        var commandLine = CommandLine(program, arguments);
        return ChildProcess.Run(workingDirectory, commandLine[0], commandLine.Skip(1));
    }

    private static bool Exists(string name)
    {
        try
        {
            Id("-u", name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Id(string which, string name) => ChildProcess.Run("/", "id", which, name).Trim();
}
