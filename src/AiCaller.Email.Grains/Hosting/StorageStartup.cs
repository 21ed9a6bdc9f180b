using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.Legacy;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// What runs once before the silo starts: the database is opened (it is injected here), the file-store release's data
/// imported, the encryption keys checked against the stored data, and expired send records dropped.
/// </summary>
public sealed class StorageStartup(
    SqliteDatabase database,
    LegacyFileStoreImport legacyImport,
    KeyRingCheck keyRingCheck,
    SendRecordStore sendRecords,
    IOptions<MailboxOptions> mailboxOptions,
    HostSettings settings,
    TimeProvider clock,
    ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Data directory: {DataDirectory} (database {DatabaseFile})", settings.DataDirectory, database.FilePath);
        await legacyImport.RunAsync();
        await keyRingCheck.RunAsync();
        await sendRecords.DeleteExpiredAsync(clock.GetUtcNow() - mailboxOptions.Value.IdempotencyWindow);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
