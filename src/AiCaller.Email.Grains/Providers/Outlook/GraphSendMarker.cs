using Microsoft.Graph.Models;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Graph keeps no caller-chosen Message-ID it can filter on; a single-value extended property is Microsoft's advice
/// for tagging a message to find it in Sent Items afterwards. Its GUID is ours and must never change.
/// </summary>
public static class GraphSendMarker
{
    public const string PropertyId = "String {6b1f2c9e-4d7a-4e0b-9a51-3c8e2f7d5a10} Name AiCallerSendKey";

    public static SingleValueLegacyExtendedProperty On(string marker) => new() { Id = PropertyId, Value = marker };

    /// <summary>The marker's message, sent no earlier than a few minutes before the attempt (clocks differ).</summary>
    public static string Filter(string marker, DateTimeOffset attemptedAt) =>
        $"singleValueExtendedProperties/Any(ep: ep/id eq '{PropertyId}' and ep/value eq '{marker.Replace("'", "''", StringComparison.Ordinal)}')"
        + $" and sentDateTime ge {(attemptedAt - TimeSpan.FromMinutes(5)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
}
