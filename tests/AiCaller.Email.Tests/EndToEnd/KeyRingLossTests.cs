using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// Stored mailboxes whose encryption keys are gone (the key ring lost, or its certificate changed) are a state the
/// user can see and leave through the API, not a crash: every answer is 4xx, and reconnecting or deleting recovers.
/// </summary>
public sealed class KeyRingLossTests
{
    [Fact]
    public async Task After_the_key_ring_is_lost_every_endpoint_answers_4xx_and_reconnect_or_delete_recover()
    {
        await using var world = await TestWorld.StartAsync();
        var gmail = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var outlook = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        string messageId;
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, gmail, TestWorld.NewEmail());
            await world.ConnectAsync(api, outlook, TestWorld.NewEmail());
            using var sent = await api.PostAsJsonAsync($"{gmail}/send", new { to = "a@example.com", subject = "s", body = "b" });
            messageId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        await world.RestartHostAsync();
        Assert.True(StoredData.Execute(world.DataDirectory, "DELETE FROM data_protection_keys") > 0);
        var storedGmail = StoredPayload(world, gmail);
        using var restarted = world.Api();

        foreach (var path in new[] { gmail, outlook })
        {
            var status = await restarted.GetFromJsonAsync<JsonElement>($"{path}/status");
            Assert.Equal("error", status.GetProperty("status").GetString());
            Assert.Equal("state_unreadable", status.GetProperty("last_error").GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Null, status.GetProperty("email").ValueKind);
            await ProblemAssert.IsProblem(await restarted.GetAsync($"{path}/messages"), HttpStatusCode.Conflict, "state_unreadable");
            await ProblemAssert.IsProblem(await restarted.GetAsync($"{path}/messages/{messageId}"), HttpStatusCode.Conflict, "state_unreadable");
            var detail = await ProblemAssert.IsProblem(
                await restarted.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "s", body = "b" }),
                HttpStatusCode.Conflict,
                "state_unreadable");
            Assert.Contains("encryption keys changed", detail);
        }

        var accounts = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        var listed = Assert.Single(accounts.GetProperty("accounts").EnumerateArray());
        Assert.Equal("error", listed.GetProperty("status").GetString());
        Assert.Equal("state_unreadable", listed.GetProperty("last_error").GetProperty("code").GetString());
        var health = await restarted.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        foreach (var provider in new[] { "gmail", "outlook" })
        {
            var counts = health.GetProperty("integrations").GetProperty(provider).GetProperty("accounts");
            Assert.Equal((0, 1), (counts.GetProperty("connected").GetInt32(), counts.GetProperty("error").GetInt32()));
        }

        Assert.Equal("Healthy", await restarted.GetStringAsync("/readyz"));
        Assert.Single(world.Host.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("cannot be decrypted", StringComparison.Ordinal));

        // Reconnecting starts over; what the old keys encrypted is replaced only once the new consent succeeded.
        using (var start = await restarted.GetAsync($"{gmail}/oauth/start"))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        Assert.Equal(storedGmail, StoredPayload(world, gmail));
        var newEmail = TestWorld.NewEmail();
        await world.ConnectAsync(restarted, gmail, newEmail);
        var reconnected = await restarted.GetFromJsonAsync<JsonElement>($"{gmail}/status");
        Assert.Equal("connected", reconnected.GetProperty("status").GetString());
        Assert.Equal(newEmail, reconnected.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await restarted.GetAsync($"{gmail}/messages")).StatusCode);

        using (var deleted = await restarted.DeleteAsync(outlook))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Equal("disconnected", (await restarted.GetFromJsonAsync<JsonElement>($"{outlook}/status")).GetProperty("status").GetString());
        Assert.Empty((await restarted.GetFromJsonAsync<JsonElement>("/api/outlook/accounts")).GetProperty("accounts").EnumerateArray());
        var healed = await restarted.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("ok", healed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_restart_with_the_keys_intact_reports_nothing_unreadable()
    {
        await using var world = await TestWorld.StartAsync();
        var gmail = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, gmail, TestWorld.NewEmail());
        }

        await world.RestartHostAsync();
        using var restarted = world.Api();

        Assert.Equal("connected", (await restarted.GetFromJsonAsync<JsonElement>($"{gmail}/status")).GetProperty("status").GetString());
        Assert.Equal("ok", (await restarted.GetFromJsonAsync<JsonElement>("/api/health/integrations")).GetProperty("status").GetString());
        Assert.DoesNotContain(world.Host.Logs.Lines, line => line.Contains("cannot be decrypted", StringComparison.Ordinal));
    }

    private static byte[] StoredPayload(TestWorld world, string path)
    {
        var account = path[(path.LastIndexOf('/') + 1)..];
        return StoredData.Query(
            world.DataDirectory,
            "SELECT grain_id, payload FROM grain_state WHERE state_name = 'mailbox'",
            row => (GrainId: row.GetString(0), Payload: (byte[])row.GetValue(1)))
            .Single(r => r.GrainId.EndsWith(account, StringComparison.Ordinal)).Payload;
    }
}
