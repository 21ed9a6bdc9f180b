using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>What a mailbox owns survives a restart of the host on the same DATA_DIR, and none of it is stored in clear.</summary>
public sealed class RestartDurabilityTests
{
    private static readonly object Payload = new { to = "someone@example.com", subject = "before the restart", body = "x" };

    [Fact]
    public async Task A_connected_mailbox_works_after_a_restart_without_new_consent()
    {
        await using var world = await TestWorld.StartAsync();
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

    [Fact]
    public async Task No_token_code_or_address_is_stored_in_plain_text()
    {
        await using var world = await TestWorld.StartAsync();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, path, email);
            await SendAsync(api, path, Payload, "scan-key");

            // A refreshed token set is stored too.
            await world.Emulator.Control.ExpireAccessTokensAsync(email);
            using var list = await api.GetAsync($"{path}/messages");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Equal(1, (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email));
        }

        await world.RestartHostAsync();
        using (var restarted = world.Api())
        {
            Assert.Equal("connected", (await restarted.GetFromJsonAsync<JsonElement>($"{path}/status")).GetProperty("status").GetString());
        }

        Assert.NotEmpty(StoredData.Query(world.DataDirectory, "SELECT grain_id FROM grain_state WHERE state_name = 'mailbox'", row => row.GetString(0)));
        // The emulator's token and code prefixes (ProviderEmulator/Google/RandomTokens.cs) and the mailbox's address.
        var secrets = new[] { "ya29.", "1//emu-", "4/0Aemu", email };
        var encodings = new[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode };
        var files = StoredData.AllFiles(world.DataDirectory);
        foreach (var secret in secrets)
        {
            foreach (var encoding in encodings)
            {
                Assert.DoesNotContain(files, contents => contents.AsSpan().IndexOf(encoding.GetBytes(secret)) >= 0);
            }
        }
    }

    private static async Task<string> SendAsync(HttpClient api, string path, object payload, string? idempotencyKey = null)
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
}
