using System.Text.Json;

namespace AiCaller.Email.Grains.Storage.Legacy;

/// <summary>The earlier file store's <c>orleans/reminders.json</c>: every reminder of the silo as JSON.</summary>
internal static class LegacyReminderFile
{
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <exception cref="InvalidDataException">The file is not a reminder file of the known format.</exception>
    public static IReadOnlyList<ReminderEntry> Parse(byte[] contents, string path)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(contents, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not valid reminder JSON.", exception);
        }

        if (document?.Reminders is null || document.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' has reminder format {document?.FormatVersion}; this build reads {FormatVersion}.");
        }

        return document.Reminders.Select(row => new ReminderEntry
        {
            GrainId = GrainId.Parse(row.GrainId),
            ReminderName = row.Name,
            StartAt = row.StartAt,
            Period = row.Period,
        }).ToList();
    }

    private sealed record Document(int FormatVersion, List<Row> Reminders);

    private sealed record Row(string GrainId, string Name, DateTime StartAt, TimeSpan Period);
}
