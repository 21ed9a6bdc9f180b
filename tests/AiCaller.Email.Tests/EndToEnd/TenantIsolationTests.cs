using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// Tenants are separate namespaces: tenant B naming account <c>a1</c> addresses its own <c>a1</c>, and no answer
/// to B reveals anything of tenant A's mailboxes. Each test has its own world, so a tenant's counts start at zero.
/// </summary>
public sealed class TenantIsolationTests
{
    private const string Account = "a1";
    private const string AccountPath = $"/api/gmail/accounts/{Account}";

    [Fact]
    public async Task Tenant_b_naming_tenant_as_account_sees_nothing_of_it()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var a = world.Api(TenantKeys.KeyA);
        using var b = world.Api(TenantKeys.KeyB);
        var emailA = TestWorld.NewEmail();
        await world.ConnectAsync(a, AccountPath, emailA);
        var sentId = await SendAsync(a, AccountPath);

        using var statusResponse = await b.GetAsync($"{AccountPath}/status");
        var statusText = await statusResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, statusResponse.StatusCode);
        var status = JsonDocument.Parse(statusText).RootElement;
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal(Account, status.GetProperty("account").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("email").ValueKind);
        Assert.Empty(status.GetProperty("scopes").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("expires_at").ValueKind);
        Assert.DoesNotContain(emailA, statusText);

        using var send = await b.PostAsJsonAsync($"{AccountPath}/send", new { to = "x@example.com", subject = "from b", body = "x" });
        await ProblemAssert.IsProblem(send, HttpStatusCode.Conflict, "not_connected");
        using var messages = await b.GetAsync($"{AccountPath}/messages");
        await ProblemAssert.IsProblem(messages, HttpStatusCode.Conflict, "not_connected");
        using var message = await b.GetAsync($"{AccountPath}/messages/{sentId}");
        await ProblemAssert.IsProblem(message, HttpStatusCode.Conflict, "not_connected");

        var accountsText = await b.GetStringAsync("/api/gmail/accounts?limit=1000");
        Assert.Empty(JsonDocument.Parse(accountsText).RootElement.GetProperty("accounts").EnumerateArray());
        Assert.DoesNotContain(emailA, accountsText);

        var health = await b.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var gmail = health.GetProperty("integrations").GetProperty("gmail");
        Assert.Equal("disconnected", gmail.GetProperty("status").GetString());
        AssertCounts(gmail, connected: 0, disconnected: 0, error: 0);

        // Nothing B did reached A's mailbox: one message sent, A still connected and listed.
        Assert.Single(await world.Emulator.Control.GetSentAsync(emailA));
        await AssertConnectedAsync(a, emailA);
        AssertCounts((await a.GetFromJsonAsync<JsonElement>("/api/health/integrations")).GetProperty("integrations").GetProperty("gmail"), 1, 0, 0);
    }

    [Fact]
    public async Task Tenant_b_deleting_the_same_account_id_leaves_tenant_as_mailbox_and_grant_alone()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var a = world.Api(TenantKeys.KeyA);
        using var b = world.Api(TenantKeys.KeyB);
        var emailA = TestWorld.NewEmail();
        await world.ConnectAsync(a, AccountPath, emailA);

        using var delete = await b.DeleteAsync(AccountPath);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(0, (await world.Emulator.Control.GetGoogleStatsAsync()).Revocations);
        await AssertConnectedAsync(a, emailA);
        using var messages = await a.GetAsync($"{AccountPath}/messages");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
    }

    [Fact]
    public async Task Tenant_b_connecting_the_same_account_id_gets_its_own_mailbox()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var a = world.Api(TenantKeys.KeyA);
        using var b = world.Api(TenantKeys.KeyB);
        var emailA = TestWorld.NewEmail();
        var emailB = TestWorld.NewEmail();
        await world.ConnectAsync(a, AccountPath, emailA);

        var connected = await world.ConnectAsync(b, AccountPath, emailB);

        Assert.Equal(emailB, connected.GetProperty("email").GetString());
        await AssertConnectedAsync(b, emailB);
        await AssertConnectedAsync(a, emailA);

        await SendAsync(b, AccountPath);
        Assert.Single(await world.Emulator.Control.GetSentAsync(emailB));
        Assert.Empty(await world.Emulator.Control.GetSentAsync(emailA));

        foreach (var tenant in new[] { a, b })
        {
            var health = await tenant.GetFromJsonAsync<JsonElement>("/api/health/integrations");
            AssertCounts(health.GetProperty("integrations").GetProperty("gmail"), connected: 1, disconnected: 0, error: 0);
        }

        // B disconnecting its own a1 revokes B's grant only.
        using var delete = await b.DeleteAsync(AccountPath);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertConnectedAsync(a, emailA);
        using var messages = await a.GetAsync($"{AccountPath}/messages");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/gmail/accounts")).GetProperty("accounts").EnumerateArray());
    }

    [Fact]
    public async Task A_callback_connects_the_tenant_that_started_it_whoever_follows_the_redirect()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var a = world.Api(TenantKeys.KeyA);
        using var b = world.Api(TenantKeys.KeyB);
        var emailA = TestWorld.NewEmail();
        var start = await a.GetFromJsonAsync<JsonElement>($"{AccountPath}/oauth/start");
        var callback = await world.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), emailA);

        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await b.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertConnectedAsync(a, emailA);
        var statusB = await b.GetFromJsonAsync<JsonElement>($"{AccountPath}/status");
        Assert.Equal("disconnected", statusB.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, statusB.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task Keys_work_in_clear_and_as_sha256_in_either_header()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var a = world.Api(TenantKeys.KeyA);
        var emailA = TestWorld.NewEmail();
        await world.ConnectAsync(a, "/api/gmail", emailA);

        using var aByHeader = WithApiKeyHeader(world, TenantKeys.KeyA);
        using var bByBearer = world.Api(TenantKeys.KeyB);
        using var bByHeader = WithApiKeyHeader(world, TenantKeys.KeyB);

        Assert.Equal(emailA, (await aByHeader.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("email").GetString());
        var emailB = TestWorld.NewEmail();
        await world.ConnectAsync(bByHeader, "/api/gmail", emailB);
        Assert.Equal(emailB, (await bByBearer.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("email").GetString());
        Assert.Equal(emailA, (await a.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("email").GetString());

        // The configured hash is not itself a key.
        foreach (var notAKey in new[] { TenantKeys.Sha256Hex(TenantKeys.KeyB), "sha256:" + TenantKeys.Sha256Hex(TenantKeys.KeyB) })
        {
            using var client = world.Api(notAKey);
            using var response = await client.GetAsync("/api/gmail/status");
            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    private static HttpClient WithApiKeyHeader(TestWorld world, string key)
    {
        var client = world.Api();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task AssertConnectedAsync(HttpClient api, string email)
    {
        var status = await api.GetFromJsonAsync<JsonElement>($"{AccountPath}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        var accounts = (await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts")).GetProperty("accounts");
        var listed = Assert.Single(accounts.EnumerateArray(), x => x.GetProperty("account").GetString() == Account);
        Assert.Equal(email, listed.GetProperty("email").GetString());
    }

    private static void AssertCounts(JsonElement provider, int connected, int disconnected, int error)
    {
        var counts = provider.GetProperty("accounts");
        Assert.Equal(connected, counts.GetProperty("connected").GetInt32());
        Assert.Equal(disconnected, counts.GetProperty("disconnected").GetInt32());
        Assert.Equal(error, counts.GetProperty("error").GetInt32());
    }

    private static async Task<string> SendAsync(HttpClient api, string path)
    {
        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "someone@example.com", subject = "hello", body = "x" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
