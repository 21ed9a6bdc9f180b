using AiCaller.Email.Grains.Hosting;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>
/// Keeps a second host off a data directory: the lock file stays open with no sharing while this host runs, and the
/// operating system lets go of it however the process ends, kill -9 included.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "aicaller.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <exception cref="StartupRefusedException">Another host holds the directory.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StartupRefusedException(
                $"Another AiCaller.Email host is already using the data directory '{dataDirectory}' (it holds '{path}'). "
                + "Stop that host first, or give this one its own DATA_DIR.", e);
        }

        // For the operator who wonders which process it is.
        file.SetLength(0);
        using (var writer = new StreamWriter(file, leaveOpen: true))
        {
            writer.Write(Environment.ProcessId);
        }

        file.Flush();
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
