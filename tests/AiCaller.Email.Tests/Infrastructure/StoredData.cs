using System.Text;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>What a host left under its data directory, read from beside it as an operator (or an attacker) would.</summary>
public static class StoredData
{
    /// <summary>Every file's bytes (database, its WAL, anything else) but the lock file, which a running host holds.</summary>
    public static IReadOnlyList<byte[]> AllFiles(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != DataDirectoryLock.FileName)
            .Select(path =>
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                file.CopyTo(copy);
                return copy.ToArray();
            })
            .ToList();

    /// <summary>The texts among <paramref name="secrets"/> that appear in plain UTF-8 anywhere under the directory.</summary>
    public static IReadOnlyList<string> PlainTextOf(string dataDirectory, params string[] secrets)
    {
        var files = AllFiles(dataDirectory);
        return secrets.Where(secret => files.Any(file => file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0)).ToList();
    }

    /// <summary>Runs a query on the host's database through a connection of its own.</summary>
    public static List<T> Query<T>(string dataDirectory, string sql, Func<SqliteDataReader, T> map)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, SqliteDatabase.FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Runs a statement that changes the host's database, as an operator's mistake or a restored backup would.</summary>
    public static int Execute(string dataDirectory, string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, SqliteDatabase.FileName), Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
