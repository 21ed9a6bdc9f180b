using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.KeyRing;
using AiCaller.Email.Grains.Storage.Sqlite;
using AiCaller.Email.Grains.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Storage.Legacy;

/// <summary>
/// Brings what the file-store release left under DATA_DIR (<c>keys/</c>, <c>orleans/grains/</c>,
/// <c>orleans/reminders.json</c>) into the database at the first start, then moves those files aside. Files it cannot
/// read stop the host with a message saying what to do: they are never silently ignored. Every step can run again
/// after a crash half-way: rows already imported are kept.
/// </summary>
public sealed class LegacyFileStoreImport(
    SqliteDatabase database,
    HostSettings settings,
    HostFacts facts,
    EncryptedGrainStorageSerializer serializer,
    MailboxDirectory directory,
    SendRecordStore sendRecords,
    IReminderTable reminderTable,
    IOptions<MailboxOptions> mailboxOptions,
    TimeProvider clock,
    ILogger<LegacyFileStoreImport> logger)
{
    private const string ImportedFact = "legacy_file_store_imported";
    private const string MailboxStateName = "mailbox";

    private string KeysDirectory => Path.Combine(settings.DataDirectory, "keys");

    private string OrleansDirectory => Path.Combine(settings.DataDirectory, "orleans");

    public async Task RunAsync()
    {
        if (!Directory.Exists(KeysDirectory) && !Directory.Exists(OrleansDirectory))
        {
            return;
        }

        if (await facts.GetAsync(ImportedFact) is null)
        {
            try
            {
                await ImportAsync();
            }
            catch (Exception e) when (e is InvalidDataException or XmlException or IOException or UnauthorizedAccessException)
            {
                throw new StartupRefusedException(
                    $"The data of the earlier file-store release under '{settings.DataDirectory}' could not be imported: {e.Message} "
                    + $"Restore '{KeysDirectory}' and '{OrleansDirectory}' from a backup, or move them out of the data directory to start "
                    + "without them (their mailboxes must then be connected again).", e);
            }

            await facts.SetAsync(ImportedFact, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }

        MoveAside();
    }

    private async Task ImportAsync()
    {
        // The keys first: the states below are decrypted with them.
        var keys = ImportKeys();
        var reminders = await ImportRemindersAsync();
        var (states, mailboxes, records, unreadable) = await ImportGrainStatesAsync();
        logger.LogInformation(
            "Imported the file-store release's data: {Keys} keys, {States} grain states ({Mailboxes} listed mailboxes, {Records} send records), {Reminders} reminders",
            keys, states, mailboxes, records, reminders);
        if (unreadable > 0)
        {
            logger.LogError(
                "{Mailboxes} imported mailboxes cannot be decrypted: '{Keys}' is missing or does not hold the keys that wrote them. They answer 409 "
                + "state_unreadable and count as errors until they are connected again (or deleted); to keep them instead, stop the host and restore "
                + "that directory from a backup beside the moved-aside files",
                unreadable, KeysDirectory);
        }
    }

    private int ImportKeys()
    {
        if (!Directory.Exists(KeysDirectory))
        {
            return 0;
        }

        var repository = new DatabaseXmlRepository(database);
        var files = Directory.GetFiles(KeysDirectory, "*.xml");
        foreach (var file in files)
        {
            repository.StoreElement(XElement.Load(file), Path.GetFileNameWithoutExtension(file));
        }

        return files.Length;
    }

    private async Task<int> ImportRemindersAsync()
    {
        var path = Path.Combine(OrleansDirectory, "reminders.json");
        if (!File.Exists(path))
        {
            return 0;
        }

        var reminders = LegacyReminderFile.Parse(await File.ReadAllBytesAsync(path), path);
        foreach (var reminder in reminders)
        {
            if (await reminderTable.ReadRow(reminder.GrainId, reminder.ReminderName) is null)
            {
                await reminderTable.UpsertRow(reminder);
            }
        }

        return reminders.Count;
    }

    private async Task<(int States, int Mailboxes, int Records, int Unreadable)> ImportGrainStatesAsync()
    {
        var grains = Path.Combine(OrleansDirectory, "grains");
        if (!Directory.Exists(grains))
        {
            return (0, 0, 0, 0);
        }

        var (states, mailboxes, records, unreadable) = (0, 0, 0, 0);
        foreach (var stateDirectory in Directory.GetDirectories(grains))
        {
            var stateName = Path.GetFileName(stateDirectory);
            foreach (var path in Directory.GetFiles(stateDirectory, "*.state"))
            {
                var file = LegacyGrainStateFile.Parse(await File.ReadAllBytesAsync(path), path);
                var grainId = GrainId.Parse(file.GrainId);

                // The tenant directory is rebuilt as rows from the mailboxes themselves; its old state is not carried over.
                if (stateName != MailboxStateName)
                {
                    continue;
                }

                if (!MailboxKey.TryParseGrainKey(grainId.Key.ToString(), out var mailbox))
                {
                    throw new InvalidDataException($"'{path}' holds the state of '{file.GrainId}', which is not a mailbox.");
                }

                await InsertStateAsync(stateName, grainId, file);
                states++;
                var (listed, sends, readable) = await ImportMailboxAsync(mailbox, file.Payload);
                mailboxes += listed ? 1 : 0;
                records += sends;
                unreadable += readable ? 0 : 1;
            }
        }

        return (states, mailboxes, records, unreadable);
    }

    private Task InsertStateAsync(string stateName, GrainId grainId, LegacyGrainStateFile file) =>
        database.WriteAsync((connection, transaction) => connection.Command(
                "INSERT INTO grain_state (service_id, state_name, grain_id, version, payload, updated_at) "
                + "VALUES (@serviceId, @stateName, @grainId, @version, @payload, @now) ON CONFLICT DO NOTHING", transaction)
            .With("serviceId", settings.ServiceId)
            .With("stateName", stateName)
            .With("grainId", grainId.ToString())
            .With("version", file.Version)
            .With("payload", file.Payload)
            .With("now", UnixTime.ToMilliseconds(clock.GetUtcNow()))
            .RunAsync());

    /// <summary>The mailbox's directory row and its send records, read from its encrypted state.</summary>
    private async Task<(bool Listed, int Records, bool Readable)> ImportMailboxAsync(MailboxKey mailbox, byte[] payload)
    {
        var now = clock.GetUtcNow();
        LegacyMailboxState state;
        try
        {
            state = serializer.Deserialize<LegacyMailboxState>(new BinaryData(payload));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The state of mailbox '{mailbox}' decrypts but is not a mailbox state: {e.Message}", e);
        }
        catch (CryptographicException)
        {
            // The keys that wrote it are gone: listed as an error that says so, as every such mailbox is.
            await directory.UpsertAsync(mailbox, MailboxStatusKind.Error, null, StateUnreadable.Error(now), now);
            return (true, 0, false);
        }

        if (state.Listed)
        {
            await directory.UpsertAsync(mailbox, state.Status, state.Email, state.LastError, now);
        }

        var window = now - mailboxOptions.Value.IdempotencyWindow;
        var kept = state.IdempotencyRecords.Where(r => r.CreatedAt > window).ToList();
        foreach (var record in kept)
        {
            // Sent before markers existed; the marker is only there because every record has one.
            var marker = SendMarker.ForKey(mailbox, record.Key, record.CreatedAt, state.Email ?? string.Empty);
            await sendRecords.AddSentAsync(
                mailbox, new SendRecord(record.Key, record.PayloadHash, marker, SendOutcome.Sent, record.Result, record.CreatedAt, record.CreatedAt));
        }

        return (state.Listed, kept.Count, true);
    }

    private void MoveAside()
    {
        var aside = Path.Combine(settings.DataDirectory, $"file-store-imported-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}");
        try
        {
            Directory.CreateDirectory(aside);
            foreach (var source in new[] { KeysDirectory, OrleansDirectory }.Where(Directory.Exists))
            {
                Directory.Move(source, Path.Combine(aside, Path.GetFileName(source)));
            }

            logger.LogInformation("The file-store release's files are imported and kept, unused, in {Directory}; delete it once you no longer need it", aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Imported already: the files are only in the way, and the next start tries again.
            logger.LogWarning("The imported files of the file-store release could not be moved to {Directory}: {Reason}", aside, e.Message);
        }
    }
}
