using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// The durable reminder table of the embedded default: all reminders of the silo in one JSON file, loaded on
/// first use, served from memory and rewritten atomically on every change.
/// </summary>
public sealed class FileReminderTable : IReminderTable
{
    private readonly ReminderFile _file;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ImmutableDictionary<ReminderKey, ReminderEntry>? _reminders;

    public FileReminderTable(IOptions<FileReminderTableOptions> options)
    {
        var rootDirectory = options.Value.RootDirectory;
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory, nameof(FileReminderTableOptions.RootDirectory));
        _file = new ReminderFile(Path.Combine(Path.GetFullPath(rootDirectory), "reminders.json"));
    }

    /// <summary>Loads the file at silo start, so that an unreadable file stops the silo instead of the first reminder call.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        UnderGateAsync(_ => Task.FromResult(true), cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        UnderGateAsync(
            reminders => Task.FromResult(ToTableData(reminders.Values.Where(entry => entry.GrainId == grainId))),
            cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Reminders whose grain hash lies in the ring range (begin, end], which wraps around when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        UnderGateAsync(
            reminders => Task.FromResult(ToTableData(reminders.Values.Where(entry => IsInRange(entry.GrainId.GetUniformHashCode(), begin, end)))),
            cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <returns>The reminder, or null when the grain has no reminder of that name.</returns>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        UnderGateAsync(
            reminders => Task.FromResult(reminders.TryGetValue(new ReminderKey(grainId, reminderName), out var entry) ? Copy(entry) : null),
            cancellationToken);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <returns>The reminder's new ETag.</returns>
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return UnderGateAsync<string?>(
            async reminders =>
            {
                var stored = Copy(entry);
                stored.ETag = Guid.NewGuid().ToString("N");
                await SaveAsync(reminders.SetItem(ReminderKey.Of(stored), stored), cancellationToken);
                return stored.ETag;
            },
            cancellationToken);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <returns>True when the reminder existed with that ETag and is gone; false leaves the table unchanged.</returns>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        UnderGateAsync(
            async reminders =>
            {
                var key = new ReminderKey(grainId, reminderName);
                if (!reminders.TryGetValue(key, out var stored) || stored.ETag != eTag)
                {
                    return false;
                }

                await SaveAsync(reminders.Remove(key), cancellationToken);
                return true;
            },
            cancellationToken);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        UnderGateAsync(
            async _ =>
            {
                await SaveAsync(ImmutableDictionary<ReminderKey, ReminderEntry>.Empty, cancellationToken);
                return true;
            },
            cancellationToken);

    private async Task<TResult> UnderGateAsync<TResult>(
        Func<ImmutableDictionary<ReminderKey, ReminderEntry>, Task<TResult>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _reminders ??= await _file.LoadAsync(cancellationToken);
            return await action(_reminders);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The file is written before memory changes, so a failed write leaves both as they were.
    private async Task SaveAsync(ImmutableDictionary<ReminderKey, ReminderEntry> reminders, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        await _file.SaveAsync(reminders.Values, cancellationToken);
        _reminders = reminders;
    }

    private static bool IsInRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderTableData ToTableData(IEnumerable<ReminderEntry> entries) => new(entries.Select(Copy));

    // Entries handed out are copies, so a caller changing one cannot change the table behind the file's back.
    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };
}
