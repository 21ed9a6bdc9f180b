using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Tests.Infrastructure;
using static AiCaller.Email.Tests.Infrastructure.LegacyFileStoreWriter;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// A data directory written by the file-store release is imported into the database at the first start: mailboxes,
/// their keys, directory entries, send records and reminders, and the old files are moved aside.
/// </summary>
public sealed class LegacyFileStoreImportTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task The_first_start_imports_mailboxes_send_records_and_reminders_and_moves_the_files_aside()
    {
        await using var world = await TestWorld.StartAsync();
        var writer = new LegacyFileStoreWriter(world.DataDirectory);
        var connected = MailboxKey.Create(ProviderName.Gmail, MailboxKey.DefaultTenant, "legacy-1");
        var revoked = MailboxKey.Create(ProviderName.Outlook, MailboxKey.DefaultTenant, "legacy-2");
        var startedOnly = MailboxKey.Create(ProviderName.Gmail, MailboxKey.DefaultTenant, "started-only");
        var unreadable = MailboxKey.Create(ProviderName.Gmail, MailboxKey.DefaultTenant, "from-other-keys");
        var payload = new { to = "a@example.com", subject = "before the upgrade", body = "x" };
        writer.WriteMailbox(connected, State(
            "legacy1@example.com", MailboxStatusKind.Connected, sends: [new LegacySend("old-key", HashOf(payload), new LegacyResult("18c0ffee00000001", "18c0ffee00000001"), Now.AddHours(-1))]));
        writer.WriteMailbox(revoked, State(
            "legacy2@contoso.com", MailboxStatusKind.Disconnected, tokens: false, error: new MailboxError("token_invalid", "revoked", Now.AddDays(-1))));
        writer.WriteMailbox(startedOnly, State(null, MailboxStatusKind.Disconnected, tokens: false));
        writer.WriteMailboxFromAnotherKeyRing(unreadable, State("lost@example.com", MailboxStatusKind.Connected));
        var reminderStart = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        writer.AddReminder(GrainId.Create("mailbox", connected.ToGrainKey()), "token-keepalive", reminderStart, TimeSpan.FromHours(12));
        writer.WriteReminders();

        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts/legacy-1/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal("legacy1@example.com", status.GetProperty("email").GetString());
        var revokedStatus = await api.GetFromJsonAsync<JsonElement>("/api/outlook/accounts/legacy-2/status");
        Assert.Equal("disconnected", revokedStatus.GetProperty("status").GetString());
        Assert.Equal("token_invalid", revokedStatus.GetProperty("last_error").GetProperty("code").GetString());

        // The send made before the upgrade answers with its first result and reaches no provider.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/gmail/accounts/legacy-1/send") { Content = JsonContent.Create(payload) };
        request.Headers.Add("Idempotency-Key", "old-key");
        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("18c0ffee00000001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Empty(await world.Emulator.Control.GetRequestsAsync("gmail"));

        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        var listed = accounts.GetProperty("accounts").EnumerateArray().ToDictionary(a => a.GetProperty("account").GetString()!, a => a.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["from-other-keys"] = "error", ["legacy-1"] = "connected", ["started-only"] = "disconnected" }, listed);
        var health = await api.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        var gmail = health.GetProperty("integrations").GetProperty("gmail").GetProperty("accounts");
        Assert.Equal((1, 1, 1), (gmail.GetProperty("connected").GetInt32(), gmail.GetProperty("disconnected").GetInt32(), gmail.GetProperty("error").GetInt32()));
        var lost = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts/from-other-keys/status");
        Assert.Equal("state_unreadable", lost.GetProperty("last_error").GetProperty("code").GetString());

        var reminder = Assert.Single(StoredData.Query(world.DataDirectory, "SELECT grain_id, reminder_name, start_at, period_ms FROM reminders",
            row => (GrainId: row.GetString(0), Name: row.GetString(1), StartAt: row.GetInt64(2), PeriodMs: row.GetInt64(3))));
        Assert.Equal(("token-keepalive", new DateTimeOffset(reminderStart).ToUnixTimeMilliseconds(), 43_200_000L), (reminder.Name, reminder.StartAt, reminder.PeriodMs));
        Assert.False(Directory.Exists(Path.Combine(world.DataDirectory, "orleans")));
        Assert.False(Directory.Exists(Path.Combine(world.DataDirectory, "keys")));
        var aside = Assert.Single(Directory.GetDirectories(world.DataDirectory, "file-store-imported-*"));
        Assert.True(File.Exists(Path.Combine(aside, "orleans", "reminders.json")));
        Assert.Contains(world.Host.Logs.Lines, line => line.Contains("Imported the file-store release's data: 1 keys, 4 grain states", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imported_mailboxes_survive_a_restart_and_the_import_does_not_run_again()
    {
        await using var world = await TestWorld.StartAsync();
        var writer = new LegacyFileStoreWriter(world.DataDirectory);
        writer.WriteMailbox(MailboxKey.Create(ProviderName.Gmail, MailboxKey.DefaultTenant, "legacy-1"), State("legacy1@example.com", MailboxStatusKind.Connected));
        using (var api = world.Api())
        {
            Assert.Equal("connected", (await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts/legacy-1/status")).GetProperty("status").GetString());
        }

        await world.RestartHostAsync();
        using var restarted = world.Api();

        Assert.Equal("connected", (await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts/legacy-1/status")).GetProperty("status").GetString());
        Assert.DoesNotContain(world.Host.Logs.Lines, line => line.Contains("Imported the file-store release's data", StringComparison.Ordinal));
        Assert.Single(Directory.GetDirectories(world.DataDirectory, "file-store-imported-*"));
    }

    [Fact]
    public async Task A_state_file_that_cannot_be_read_stops_the_host_with_what_to_do()
    {
        await using var world = await TestWorld.StartAsync();
        var directory = Path.Combine(world.DataDirectory, "orleans", "grains", "mailbox");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "0000.state"), "not a state file");

        var failure = Assert.ThrowsAny<Exception>(() => world.Host.Services);

        Assert.Contains("could not be imported", failure.ToString());
        Assert.Contains("move them out of the data directory", failure.ToString());
        Assert.True(File.Exists(Path.Combine(directory, "0000.state")));
    }

    private static LegacyState State(
        string? email, MailboxStatusKind status, bool tokens = true, MailboxError? error = null, List<LegacySend>? sends = null) => new(
        tokens ? new LegacyTokens("ya29.legacy-access", "1//legacy-refresh", Now.AddMinutes(-10), Now.AddMinutes(50), ["https://www.googleapis.com/auth/gmail.send"]) : null,
        email,
        status,
        error,
        Now.AddMinutes(-10),
        [],
        sends ?? [],
        SeedTokenImported: false,
        Listed: true);

    private static string HashOf(object payload)
    {
        var body = JsonSerializer.Deserialize<SendMailBody>(JsonSerializer.Serialize(payload), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return SendLedger.HashOf(SendMailValidator.Validate(body).Request!);
    }
}
