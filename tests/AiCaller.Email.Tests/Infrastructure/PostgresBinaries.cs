using System.Globalization;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>Where the programs of an installed PostgreSQL live: initdb, pg_ctl, postgres, pg_dump.</summary>
public static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>
    /// The directory that holds initdb and pg_ctl: on PATH first, then Debian's /usr/lib/postgresql/*/bin, newest
    /// version first. Debian keeps the server off PATH, and a link on PATH is followed to the real directory, where
    /// pg_dump of the same version is too. Missing binaries fail the test rather than skip it, so that CI cannot go
    /// green without having run these tests.
    /// </summary>
    public static string FindDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var debian = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot).OrderByDescending(MajorVersion).Select(version => Path.Combine(version, "bin"))
            : [];

        foreach (var directory in onPath.Concat(debian))
        {
            var initdb = new FileInfo(Path.Combine(directory, "initdb"));
            if (initdb.Exists && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                var program = initdb.ResolveLinkTarget(returnFinalTarget: true) ?? initdb;
                return Path.GetDirectoryName(program.FullName)!;
            }
        }

        throw new InvalidOperationException(
            $"PostgreSQL is not installed: initdb and pg_ctl are neither on PATH nor in {DebianRoot}/*/bin. " +
            "The tests start a PostgreSQL 15 server of their own; install it (on Debian: apt-get install postgresql). " +
            ".ci/run does so on CI.");
    }

    private static int MajorVersion(string directory) =>
        int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
}
