using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// What a mailbox owns survives a restart of the host on the same data, and none of it is stored readably; on each
/// database the product runs on. A database's class says how to start the world and how to look at what it stored.
/// </summary>
public abstract class RestartDurabilityTests
{
    private static readonly object Payload = new { to = "someone@example.com", subject = "before the restart", body = "x" };

    protected abstract Task<TestWorld> StartWorldAsync();

    /// <summary>The stored payloads of the mailbox grains' state, read past the host.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> StoredMailboxStatesAsync(TestWorld world);

    /// <summary>What an operator (or an attacker) holding a copy of the host's data would read, without any key.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> CopyOfTheDataAsync(TestWorld world);

    [Fact]
    public async Task A_connected_mailbox_works_after_a_restart_without_new_consent()
    {
        await using var world = await StartWorldAsync();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        string firstId;
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, path, email);
            firstId = await SendAsync(api, path, Payload, "restart-key");
        }

        await world.Emulator.Control.SeedMessageAsync(email, new SeedMessageRequest("ana@example.org", [email], "While we were away", BodyText: "hi"));
        var before = await world.Emulator.Control.GetGoogleStatsAsync();

        await world.RestartHostAsync();
        using var restarted = world.Api();

        var status = await restarted.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        var messages = await restarted.GetFromJsonAsync<JsonElement>($"{path}/messages");
        Assert.Contains(messages.GetProperty("messages").EnumerateArray(), m => m.GetProperty("subject").GetString() == "While we were away");

        // The key used before the restart still answers with the first result and sends nothing.
        Assert.Equal(firstId, await SendAsync(restarted, path, Payload, "restart-key"));
        Assert.Single(await world.Emulator.Control.GetSentAsync(email));
        var secondId = await SendAsync(restarted, path, new { to = "someone@example.com", subject = "after the restart", body = "x" });
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(2, (await world.Emulator.Control.GetSentAsync(email)).Count);

        var accounts = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        var listed = Assert.Single(accounts.GetProperty("accounts").EnumerateArray());
        Assert.Equal("connected", listed.GetProperty("status").GetString());
        Assert.Equal(email, listed.GetProperty("email").GetString());
        var health = await restarted.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("integrations").GetProperty("gmail").GetProperty("accounts").GetProperty("connected").GetInt32());

        var after = await world.Emulator.Control.GetGoogleStatsAsync();
        Assert.Equal(before.CodeExchanges, after.CodeExchanges);
    }

    /// <summary>
    /// A Gmail and an Outlook mailbox connected, each with a send under an Idempotency-Key and a token refresh, then a
    /// restart: neither the tokens the state holds (decrypted here with the host's keys, so that the search is for the
    /// real ones), nor the emulator's token and code prefixes, nor the client secrets, nor the addresses are in the copy.
    /// </summary>
    [Fact]
    public async Task No_token_code_client_secret_or_address_is_stored_readably_in_any_encoding()
    {
        await using var world = await StartWorldAsync();
        var gmail = (Path: $"/api/gmail/accounts/{TestWorld.NewAccount()}", Email: TestWorld.NewEmail());
        var outlook = (Path: $"/api/outlook/accounts/{TestWorld.NewAccount()}", Email: TestWorld.NewEmail());
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, gmail.Path, gmail.Email);
            await world.ConnectAsync(api, outlook.Path, outlook.Email);
            await SendAsync(api, gmail.Path, Payload, "scan-key");
            await SendAsync(api, outlook.Path, Payload, "scan-key");

            // Refreshed token sets are stored too.
            await world.Emulator.Control.ExpireAccessTokensAsync(gmail.Email);
            await world.Emulator.Control.ExpireMicrosoftAccessTokensAsync(outlook.Email);
            foreach (var path in new[] { gmail.Path, outlook.Path })
            {
                using var list = await api.GetAsync($"{path}/messages");
                Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            }

            Assert.Equal(1, (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(gmail.Email));
            Assert.Equal(1, (await world.Emulator.Control.GetMicrosoftStatsAsync()).RefreshesByUser.GetValueOrDefault(outlook.Email));
        }

        await world.RestartHostAsync();
        using (var restarted = world.Api())
        {
            foreach (var path in new[] { gmail.Path, outlook.Path })
            {
                Assert.Equal("connected", (await restarted.GetFromJsonAsync<JsonElement>($"{path}/status")).GetProperty("status").GetString());
            }
        }

        var serializer = world.Host.Services.GetRequiredService<EncryptedGrainStorageSerializer>();
        var states = (await StoredMailboxStatesAsync(world))
            .Select(payload => serializer.Deserialize<MailboxState>(new BinaryData(payload)))
            .ToDictionary(state => state.Email ?? string.Empty);
        var gmailTokens = states[gmail.Email].Tokens!;
        var outlookSecrets = MsalSecrets(states[outlook.Email].Tokens!.ProviderCache);
        Assert.StartsWith("ya29.emu-", gmailTokens.AccessToken, StringComparison.Ordinal);
        Assert.StartsWith("1//emu-", gmailTokens.RefreshToken, StringComparison.Ordinal);
        Assert.Contains(outlookSecrets, secret => secret.StartsWith("1.AXkAemu", StringComparison.Ordinal));
        Assert.Contains(states[outlook.Email].Tokens!.AccessToken, outlookSecrets);

        var copy = await CopyOfTheDataAsync(world);
        Assert.NotEmpty(SecretScan.Find(copy, [gmail.Path.Split('/')[^1], outlook.Path.Split('/')[^1]]));
        string[] secrets =
        [
            gmailTokens.AccessToken, gmailTokens.RefreshToken!, .. outlookSecrets,
            // The emulator's token and code prefixes (ProviderEmulator/Google/RandomTokens.cs, Microsoft/MicrosoftJwts.cs).
            "ya29.emu-", "1//emu-", "4/0Aemu", "1.AXkAemu",
            // What an unencrypted MSAL cache would show.
            "\"secret\"", "RefreshToken",
            GoogleDefaults.ClientSecret, MicrosoftDefaults.ClientSecret,
            gmail.Email, outlook.Email,
        ];
        Assert.Empty(SecretScan.Find(copy, secrets));
    }

    protected static async Task<string> SendAsync(HttpClient api, string path, object payload, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/send") { Content = JsonContent.Create(payload) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Every token in the mailbox's MSAL cache (base64 of MSAL's v3 JSON, whose entries keep their token under "secret").</summary>
    private static List<string> MsalSecrets(string? cache)
    {
        Assert.NotNull(cache);
        var secrets = new List<string>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "secret" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        secrets.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Walk(property.Value);
                    }
                }
            }
        }

        using var document = JsonDocument.Parse(Convert.FromBase64String(cache));
        Walk(document.RootElement);
        return secrets;
    }
}

/// <summary>The embedded default: SQLite under DATA_DIR.</summary>
public sealed class SqliteRestartDurabilityTests : RestartDurabilityTests
{
    protected override Task<TestWorld> StartWorldAsync() => TestWorld.StartAsync();

    protected override Task<IReadOnlyList<byte[]>> StoredMailboxStatesAsync(TestWorld world) =>
        Task.FromResult<IReadOnlyList<byte[]>>(
            StoredData.Query(world.DataDirectory, "SELECT payload FROM grain_state WHERE state_name = 'mailbox'", row => (byte[])row.GetValue(0)));

    protected override Task<IReadOnlyList<byte[]>> CopyOfTheDataAsync(TestWorld world) => Task.FromResult(StoredData.AllFiles(world.DataDirectory));
}

/// <summary>The API with its co-hosted silo on PostgreSQL: one connection string, and everything lives in that database.</summary>
public sealed class PostgresRestartDurabilityTests : RestartDurabilityTests, IAsyncLifetime
{
    private readonly List<string> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var connectionString in _databases)
        {
            PostgresTestDatabase.ReleaseConnections(connectionString);
        }

        return Task.CompletedTask;
    }

    protected override async Task<TestWorld> StartWorldAsync()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        _databases.Add(connectionString);
        return await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            [SettingNames.PostgresConnectionString] = connectionString,
            [SettingNames.OrleansAdvertisedIp] = "127.0.0.1",
        });
    }

    protected override async Task<IReadOnlyList<byte[]>> StoredMailboxStatesAsync(TestWorld world)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringOf(world));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload FROM grain_state WHERE state_name = 'mailbox' AND payload IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var payloads = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            payloads.Add((byte[])reader.GetValue(0));
        }

        return payloads;
    }

    /// <summary><c>pg_dump --data-only</c>, as the database's own role: every table's rows, bytea as hex.</summary>
    protected override async Task<IReadOnlyList<byte[]>> CopyOfTheDataAsync(TestWorld world) =>
        [System.Text.Encoding.UTF8.GetBytes(await PostgresTestDatabase.DumpDataAsync(ConnectionStringOf(world)))];

    private static string ConnectionStringOf(TestWorld world) => world.Setting(SettingNames.PostgresConnectionString)!;
}
