using AiCaller.Email.Grains.Storage.Sqlite;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>The sizes of the embedded database's files in a data directory: <c>aicaller.db</c> and its write-ahead log.</summary>
public sealed record DatabaseFiles(long DatabaseBytes, long WalBytes)
{
    public long TotalBytes => DatabaseBytes + WalBytes;

    public static DatabaseFiles In(string dataDirectory)
    {
        var database = Path.Combine(dataDirectory, SqliteDatabase.FileName);
        return new DatabaseFiles(SizeOf(database), SizeOf(database + "-wal"));
    }

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
