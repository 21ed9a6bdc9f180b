using System.Collections.Immutable;
using System.Text.Json;

namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// The <c>reminders.json</c> document: every reminder of the silo as readable JSON. It holds grain ids,
/// names and schedules only, never secrets, so it is not encrypted.
/// </summary>
internal sealed class ReminderFile(string path)
{
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>Reads every reminder; a missing file is an empty table.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a reminder file this build can read.</exception>
    public async Task<ImmutableDictionary<ReminderKey, ReminderEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        var contents = await AtomicFile.TryReadAsync(Path, cancellationToken);
        if (contents is null)
        {
            return ImmutableDictionary<ReminderKey, ReminderEntry>.Empty;
        }

        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(contents, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{Path}' is not valid reminder JSON.", exception);
        }

        if (document?.Reminders is null || document.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"'{Path}' has reminder format {document?.FormatVersion}; this build reads {FormatVersion}.");
        }

        var reminders = ImmutableDictionary.CreateBuilder<ReminderKey, ReminderEntry>();
        foreach (var row in document.Reminders)
        {
            var entry = new ReminderEntry
            {
                GrainId = GrainId.Parse(row.GrainId),
                ReminderName = row.Name,
                StartAt = row.StartAt,
                Period = row.Period,
                ETag = row.ETag,
            };
            reminders[ReminderKey.Of(entry)] = entry;
        }

        return reminders.ToImmutable();
    }

    public Task SaveAsync(IEnumerable<ReminderEntry> reminders, CancellationToken cancellationToken)
    {
        var rows = reminders
            .Select(entry => new Row(entry.GrainId.ToString(), entry.ReminderName, entry.StartAt, entry.Period, entry.ETag))
            .OrderBy(row => row.GrainId, StringComparer.Ordinal)
            .ThenBy(row => row.Name, StringComparer.Ordinal)
            .ToList();
        var contents = JsonSerializer.SerializeToUtf8Bytes(new Document(FormatVersion, rows), JsonOptions);
        return AtomicFile.ReplaceAsync(Path, contents, cancellationToken);
    }

    private sealed record Document(int FormatVersion, List<Row> Reminders);

    private sealed record Row(string GrainId, string Name, DateTime StartAt, TimeSpan Period, string? ETag);
}
