using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>Opens the database before the silo starts (it is injected here) and says where the data lives.</summary>
public sealed class StorageStartup(SqliteDatabase database, HostSettings settings, ILogger<StorageStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Data directory: {DataDirectory} (database {DatabaseFile})", settings.DataDirectory, database.FilePath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
