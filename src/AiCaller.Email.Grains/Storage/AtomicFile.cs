namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// Reads and replaces whole files so that a process killed at any moment leaves either the old or the new
/// contents behind, never a torn mix.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The scratch file a replacement is written to; a crash may leave it behind, and the next replacement overwrites it.</summary>
    public static string TempPathFor(string path) => path + ".tmp";

    /// <summary>Returns the file's bytes, or null when it does not exist.</summary>
    public static async Task<byte[]?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // Sharing Delete lets a concurrent replacement rename over the file on Windows too.
            await using var stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            var contents = new byte[stream.Length];
            await stream.ReadExactlyAsync(contents, cancellationToken);
            return contents;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file's contents; the caller must keep concurrent writers of the same path out.</summary>
    public static async Task ReplaceAsync(string path, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken)
    {
        var tempPath = TempPathFor(path);
        await using (var stream = new FileStream(
            tempPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(contents, cancellationToken);

            // Without this the rename can reach the disk before the data, and a crash leaves an empty file in place of a good one.
            stream.Flush(flushToDisk: true);
        }

        File.Move(tempPath, path, overwrite: true);
    }
}
