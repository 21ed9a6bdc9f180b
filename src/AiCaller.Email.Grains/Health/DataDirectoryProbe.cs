namespace AiCaller.Email.Grains.Health;

/// <summary>The embedded default's store: the data directory must accept a write.</summary>
public sealed class DataDirectoryProbe(string directory) : IStorageProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".ready-{Guid.NewGuid():N}");
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The data directory '{directory}' is not writable: {e.Message}";
        }
    }
}
