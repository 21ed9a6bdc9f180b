using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>SPEC §6 through the real path: refresh, single flight, 401 retry, invalid_grant, invalid_client, throttling.</summary>
public sealed class GmailTokenLifecycleTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task A_401_on_an_unexpired_token_forces_one_refresh_and_one_retry_for_all_waiting_callers()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.ExpireAccessTokensAsync(email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.GetAsync($"{path}/messages")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refreshes = (await World.Emulator.Control.GetRequestsAsync("google-token"))
            .Count(r => r.GrantType == "refresh_token" && r.User == email);
        Assert.Equal(1, refreshes);
        var gmail = (await World.Emulator.Control.GetRequestsAsync("gmail")).Where(r => r.User == email).ToList();
        Assert.Contains(gmail, r => r.Status == 401);
        Assert.Equal(20, gmail.Count(r => r.Status == 200 && r.Path.EndsWith("/messages", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_revoked_grant_disconnects_the_mailbox_with_the_reason_and_stops_retrying()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.RevokeUserAsync(email);

        using var first = await api.GetAsync($"{path}/messages");
        Assert.Equal("Gmail token is invalid — reconnect", await ProblemAssert.IsProblem(first, HttpStatusCode.Conflict, "token_invalid"));

        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal("token_invalid", status.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Contains("invalid_grant", status.GetProperty("last_error").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("expires_at").ValueKind);

        var health = await api.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("integrations").GetProperty("gmail").GetProperty("accounts").GetProperty("disconnected").GetInt32() >= 1);

        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        var listed = accounts.GetProperty("accounts").EnumerateArray().Single(a => path.EndsWith("/" + a.GetProperty("account").GetString(), StringComparison.Ordinal));
        Assert.Equal("disconnected", listed.GetProperty("status").GetString());

        var before = await World.Emulator.Control.GetRequestsAsync();
        for (var i = 0; i < 5; i++)
        {
            using var again = await api.GetAsync($"{path}/messages");
            await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict, "token_invalid");
        }

        var after = await World.Emulator.Control.GetRequestsAsync();
        Assert.Equal(before.Count, after.Count);
        var refreshAttempts = after.Count(r => r.Target == "google-token" && r.GrantType == "refresh_token" && r.User == email);
        Assert.Equal(1, refreshAttempts);
    }

    [Fact]
    public async Task Reconnecting_after_a_revoked_grant_restores_the_mailbox()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.RevokeUserAsync(email);
        using var failed = await api.GetAsync($"{path}/messages");
        await ProblemAssert.IsProblem(failed, HttpStatusCode.Conflict, "token_invalid");

        await World.ConnectAsync(api, path, email);

        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("last_error").ValueKind);
        using var list = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Rejected_app_credentials_put_the_mailbox_in_error_not_disconnected()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.SetClientSecretAsync("rotated-secret");
        try
        {
            await World.Emulator.Control.ExpireAccessTokensAsync(email);

            using var response = await api.GetAsync($"{path}/messages");

            var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "app_credentials_invalid");
            Assert.Contains("invalid_client", detail);
            var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
            Assert.Equal("error", status.GetProperty("status").GetString());
            Assert.Equal("app_credentials_invalid", status.GetProperty("last_error").GetProperty("code").GetString());
        }
        finally
        {
            await World.Emulator.Control.SetClientSecretAsync(GoogleDefaults.ClientSecret);
        }

        // Once the app's secret is right again the same grant works: nothing was thrown away.
        using var recovered = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var healed = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", healed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_short_throttle_is_retried_honouring_retry_after()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, Count: 1, PathContains: "/messages", RetryAfterSeconds: 1));

        using var response = await api.GetAsync($"{path}/messages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = (await World.Emulator.Control.GetRequestsAsync("gmail")).Where(r => r.User == email && r.Path.EndsWith("/messages", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], calls.TakeLast(2).Select(c => c.Status));
        Assert.True(calls[^1].At - calls[^2].At >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task A_long_throttle_is_handed_to_the_caller_as_429_with_retry_after()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 429, Count: 1, PathContains: "/messages", RetryAfterSeconds: 120));

        using var response = await api.GetAsync($"{path}/messages");

        await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_throttled_refresh_is_one_request_and_its_caller_gets_429_with_retry_after()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        await World.Emulator.Control.ExpireAccessTokensAsync(email);
        await World.Emulator.Control.AddFaultAsync(new FaultRule("google-token", 429, Count: 1));

        // Gmail refuses the token, and the one refresh that follows is throttled: nothing retries it at once.
        using var response = await api.GetAsync($"{path}/messages");

        await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var refresh = Assert.Single(await World.Emulator.Control.GetRequestsAsync("google-token"),
            r => r.GrantType == "refresh_token" && r.User == email);
        Assert.Equal(429, refresh.Status);
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());

        using var later = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Server_errors_are_retried_on_reads_but_never_on_sends()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);

        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 503, Count: 2, PathContains: "/messages"));
        using var read = await api.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        await World.Emulator.Control.AddFaultAsync(new FaultRule("gmail", 500, Count: 1, PathContains: "/send"));
        using var send = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "s", body = "b" });
        var detail = await ProblemAssert.IsProblem(send, HttpStatusCode.BadGateway, "provider_error");
        Assert.Contains("500", detail);
        var sendCalls = (await World.Emulator.Control.GetRequestsAsync("gmail")).Count(r => r.User == email && r.Path.EndsWith("/send", StringComparison.Ordinal));
        Assert.Equal(1, sendCalls);
        Assert.Empty(await World.Emulator.Control.GetSentAsync(email));
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Disconnect_revokes_at_google_deletes_the_tokens_and_leaves_the_list()
    {
        using var api = World.Api();
        var (path, email) = await ConnectedAccountAsync(api);
        var revocations = (await World.Emulator.Control.GetGoogleStatsAsync()).Revocations;

        using var deleted = await api.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(revocations + 1, (await World.Emulator.Control.GetGoogleStatsAsync()).Revocations);
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("email").ValueKind);
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        Assert.DoesNotContain(accounts.GetProperty("accounts").EnumerateArray(), a => path.EndsWith("/" + a.GetProperty("account").GetString(), StringComparison.Ordinal));
        using var list = await api.GetAsync($"{path}/messages");
        await ProblemAssert.IsProblem(list, HttpStatusCode.Conflict, "not_connected");
        using var again = await api.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task A_connected_mailbox_has_a_durable_keep_alive_reminder()
    {
        using var api = World.Api();
        var (path, _) = await ConnectedAccountAsync(api);
        var account = path[(path.LastIndexOf('/') + 1)..];

        var reminders = StoredData.Query(World.DataDirectory, "SELECT grain_id, reminder_name, period_ms FROM reminders",
            row => (GrainId: row.GetString(0), Name: row.GetString(1), PeriodMs: row.GetInt64(2)));

        var reminder = Assert.Single(reminders, r => r.GrainId.EndsWith(account, StringComparison.Ordinal));
        Assert.Equal("token-keepalive", reminder.Name);
        Assert.Equal((long)TimeSpan.FromHours(12).TotalMilliseconds, reminder.PeriodMs);
    }

    private async Task<(string Path, string Email)> ConnectedAccountAsync(HttpClient api)
    {
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, path, email);
        return (path, email);
    }
}
