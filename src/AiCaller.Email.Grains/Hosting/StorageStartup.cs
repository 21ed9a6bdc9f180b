using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.Legacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// What a silo does first, before any grain can run: say where the data lives, import the file-store release's data
/// (SQLite only), check the encryption keys against the stored data, and drop expired send records.
/// </summary>
public sealed class StorageStartup(
    KeyRingCheck keyRingCheck,
    SendRecordStore sendRecords,
    IOptions<MailboxOptions> mailboxOptions,
    HostSettings settings,
    TimeProvider clock,
    ILogger<StorageStartup> logger,
    LegacyFileStoreImport? legacyImport = null) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageStartup), ServiceLifecycleStage.RuntimeInitialize, RunAsync);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (settings.UsesPostgres)
        {
            logger.LogInformation("Data: the PostgreSQL database of service {ServiceId}, cluster {ClusterId}", settings.ServiceId, settings.ClusterId);
        }
        else
        {
            logger.LogInformation(
                "Data directory: {DataDirectory} (database {DatabaseFile})",
                settings.DataDirectory,
                Path.Combine(settings.DataDirectory, Storage.Sqlite.SqliteDatabase.FileName));
        }

        if (legacyImport is not null)
        {
            await legacyImport.RunAsync();
        }

        await keyRingCheck.RunAsync();
        await sendRecords.DeleteExpiredAsync(clock.GetUtcNow() - mailboxOptions.Value.IdempotencyWindow);
    }
}
