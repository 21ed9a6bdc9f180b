using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// Writes a data directory as the file-store release (the one before SQLite) left it: its key ring as XML files under
/// <c>keys/</c>, one encrypted state file per grain under <c>orleans/grains/{stateName}/</c>, and
/// <c>orleans/reminders.json</c>, each in that release's format (see its FileGrainStorage, GrainStateFile, ReminderFile).
/// </summary>
public sealed class LegacyFileStoreWriter
{
    private readonly string _dataDirectory;
    private readonly EncryptedGrainStorageSerializer _serializer;
    private readonly List<object> _reminders = [];

    public LegacyFileStoreWriter(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
        var services = new ServiceCollection();
        services.AddDataProtection()
            .SetApplicationName("AiCaller.Email")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        _serializer = new EncryptedGrainStorageSerializer(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
    }

    /// <summary>A mailbox state as that release's MailboxState serialized it, encrypted with this directory's keys.</summary>
    public void WriteMailbox(MailboxKey key, LegacyState state, int version = 3) =>
        WriteState("mailbox", GrainId.Create("mailbox", key.ToGrainKey()), _serializer.Serialize(state).ToArray(), version);

    /// <summary>A state file whose payload another key ring encrypted: this directory's keys cannot read it.</summary>
    public void WriteMailboxFromAnotherKeyRing(MailboxKey key, LegacyState state)
    {
        var stranger = new EncryptedGrainStorageSerializer(new EphemeralDataProtectionProvider());
        WriteState("mailbox", GrainId.Create("mailbox", key.ToGrainKey()), stranger.Serialize(state).ToArray(), 1);
    }

    public void WriteState(string stateName, GrainId grainId, byte[] payload, int version)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("AIGS"u8);
            writer.Write(1);
            writer.Write(version);
            writer.Write(grainId.ToString());
            writer.Write(payload.Length);
            writer.Write(payload);
        }

        var directory = Path.Combine(_dataDirectory, "orleans", "grains", stateName);
        Directory.CreateDirectory(directory);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString())));
        File.WriteAllBytes(Path.Combine(directory, name + ".state"), buffer.ToArray());
    }

    public void AddReminder(GrainId grainId, string name, DateTime startAt, TimeSpan period) =>
        _reminders.Add(new { grainId = grainId.ToString(), name, startAt, period, eTag = Guid.NewGuid().ToString("N") });

    public void WriteReminders()
    {
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "orleans"));
        File.WriteAllText(
            Path.Combine(_dataDirectory, "orleans", "reminders.json"),
            JsonSerializer.Serialize(new { formatVersion = 1, reminders = _reminders }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    /// <summary>That release's MailboxState, property for property.</summary>
    public sealed record LegacyState(
        LegacyTokens? Tokens,
        string? Email,
        MailboxStatusKind Status,
        MailboxError? LastError,
        DateTimeOffset? LastRefreshedAt,
        List<object> PendingConnects,
        List<LegacySend> IdempotencyRecords,
        bool SeedTokenImported,
        bool Listed);

    public sealed record LegacyTokens(
        string AccessToken, string? RefreshToken, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes,
        string? ProviderCache = null, string? ProviderAccountId = null);

    public sealed record LegacySend(string Key, string PayloadHash, LegacyResult Result, DateTimeOffset CreatedAt);

    public sealed record LegacyResult(string? Id, string? ThreadId);
}
