using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.Legacy;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// What a silo does first, before any grain can run: import the file-store release's data
/// (SQLite only), check the encryption keys against the stored data, and drop expired send records.
/// </summary>
public sealed class StorageStartup(
    KeyRingCheck keyRingCheck,
    SendRecordStore sendRecords,
    IOptions<MailboxOptions> mailboxOptions,
    TimeProvider clock,
    LegacyFileStoreImport? legacyImport = null) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageStartup), ServiceLifecycleStage.RuntimeInitialize, RunAsync);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (legacyImport is not null)
        {
            await legacyImport.RunAsync();
        }

        await keyRingCheck.RunAsync();
        await sendRecords.DeleteExpiredAsync(clock.GetUtcNow() - mailboxOptions.Value.IdempotencyWindow);
    }
}
