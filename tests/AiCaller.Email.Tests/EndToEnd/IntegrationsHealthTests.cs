using AiCaller.Email.ProviderEmulator;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>/api/health/integrations and the not_configured answers; each test has its own world, so counts start at zero.</summary>
public sealed class IntegrationsHealthTests
{
    [Fact]
    public async Task Health_follows_the_tenants_mailboxes_from_none_to_degraded()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();

        var fresh = await HealthAsync(api);
        Assert.Equal("ok", fresh.GetProperty("status").GetString());
        AssertProvider(fresh, "gmail", "disconnected", connected: 0, disconnected: 0, error: 0);
        AssertProvider(fresh, "outlook", "disconnected", connected: 0, disconnected: 0, error: 0);

        await world.ConnectAsync(api, "/api/gmail", TestWorld.NewEmail());
        var one = await HealthAsync(api);
        Assert.Equal("ok", one.GetProperty("status").GetString());
        AssertProvider(one, "gmail", "connected", connected: 1, disconnected: 0, error: 0);

        var second = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        var secondEmail = TestWorld.NewEmail();
        await world.ConnectAsync(api, second, secondEmail);
        AssertProvider(await HealthAsync(api), "gmail", "connected", connected: 2, disconnected: 0, error: 0);
        await world.Emulator.Control.RevokeUserAsync(secondEmail);
        using var messages = await api.GetAsync($"{second}/messages");
        await ProblemAssert.IsProblem(messages, HttpStatusCode.Conflict, "token_invalid");

        var degraded = await HealthAsync(api);
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        AssertProvider(degraded, "gmail", "connected", connected: 1, disconnected: 1, error: 0);

        // Outlook side by side, with its own counts.
        await world.ConnectAsync(api, "/api/outlook", TestWorld.NewEmail());
        await world.ConnectAsync(api, $"/api/outlook/accounts/{TestWorld.NewAccount()}", TestWorld.NewEmail());
        var both = await HealthAsync(api);
        AssertProvider(both, "gmail", "connected", connected: 1, disconnected: 1, error: 0);
        AssertProvider(both, "outlook", "connected", connected: 2, disconnected: 0, error: 0);
    }

    [Fact]
    public async Task Outlook_without_client_secrets_is_not_configured_with_the_seeds_message()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["OUTLOOK_OAUTH_CLIENT_SECRETS_JSON"] = "" });
        using var api = world.Api();

        AssertProvider(await HealthAsync(api), "outlook", "not_configured", connected: 0, disconnected: 0, error: 0);
        using var start = await api.GetAsync("/api/outlook/oauth/start");
        Assert.Equal("Missing Outlook OAuth client secrets", await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured"));
    }

    [Theory]
    [InlineData("""{"client_secret":"s"}""", "Missing client_id/appId")]
    [InlineData("""{"client_id":"00000000-0000-0000-0000-00000000e1e1"}""", "Missing client_secret/password")]
    public async Task Outlook_secrets_missing_a_field_say_which(string secrets, string expected)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["OUTLOOK_OAUTH_CLIENT_SECRETS_JSON"] = secrets });
        using var api = world.Api();

        using var start = await api.GetAsync("/api/outlook/oauth/start");

        Assert.Equal(expected, await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured"));
        var status = await api.GetFromJsonAsync<JsonElement>("/api/outlook/status");
        Assert.Equal("not_configured", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Outlook_accepts_the_appId_and_password_names()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            ["OUTLOOK_OAUTH_CLIENT_SECRETS_JSON"] = JsonSerializer.Serialize(new
            {
                appId = AiCaller.Email.ProviderEmulator.Microsoft.MicrosoftDefaults.ClientId,
                password = AiCaller.Email.ProviderEmulator.Microsoft.MicrosoftDefaults.ClientSecret,
            }),
        });
        using var api = world.Api();
        var email = TestWorld.NewEmail();

        var connected = await world.ConnectAsync(api, "/api/outlook", email);

        Assert.Equal(email, connected.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Without_a_default_account_the_provider_reports_its_worst_mailbox()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        var revoked = TestWorld.NewEmail();
        await world.ConnectAsync(api, $"/api/gmail/accounts/{TestWorld.NewAccount()}", TestWorld.NewEmail());
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        await world.ConnectAsync(api, path, revoked);
        await world.Emulator.Control.RevokeUserAsync(revoked);
        using var messages = await api.GetAsync($"{path}/messages");
        await ProblemAssert.IsProblem(messages, HttpStatusCode.Conflict, "token_invalid");

        var health = await HealthAsync(api);

        Assert.Equal("degraded", health.GetProperty("status").GetString());
        AssertProvider(health, "gmail", "disconnected", connected: 1, disconnected: 1, error: 0);
    }

    [Fact]
    public async Task Without_gmail_secrets_gmail_is_not_configured()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = "" });
        using var api = world.Api();

        var health = await HealthAsync(api);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        AssertProvider(health, "gmail", "not_configured", connected: 0, disconnected: 0, error: 0);

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal("not_configured", status.GetProperty("status").GetString());

        using var start = await api.GetAsync("/api/gmail/oauth/start");
        Assert.Equal("Missing Gmail OAuth client secrets", await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured"));
        using var accountStart = await api.GetAsync($"/api/gmail/accounts/{TestWorld.NewAccount()}/oauth/start");
        await ProblemAssert.IsProblem(accountStart, HttpStatusCode.ServiceUnavailable, "not_configured");
        Assert.Empty(await world.Emulator.Control.GetRequestsAsync());
    }

    [Fact]
    public async Task Mailboxes_of_a_provider_whose_secrets_went_away_are_not_healthy()
    {
        await using var world = await TestWorld.StartAsync();
        var account = TestWorld.NewAccount();
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, "/api/gmail", TestWorld.NewEmail());
            await world.ConnectAsync(api, $"/api/gmail/accounts/{account}", TestWorld.NewEmail());
        }

        await world.RestartHostAsync(new Dictionary<string, string?> { ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = "" });
        using var restarted = world.Api();

        Assert.Equal("not_configured", (await restarted.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status")).GetProperty("status").GetString());
        var accounts = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        Assert.All(accounts.GetProperty("accounts").EnumerateArray(), a => Assert.Equal("not_configured", a.GetProperty("status").GetString()));
        var health = await HealthAsync(restarted);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        AssertProvider(health, "gmail", "not_configured", connected: 0, disconnected: 0, error: 2);
    }

    [Theory]
    [InlineData("client_id", "Missing client_id")]
    [InlineData("client_secret", "Missing client_secret")]
    public async Task Secrets_missing_a_field_say_which(string field, string detail)
    {
        var client = new Dictionary<string, string>
        {
            ["client_id"] = GoogleDefaults.ClientId,
            ["client_secret"] = GoogleDefaults.ClientSecret,
            ["auth_uri"] = "http://127.0.0.1:9/o/oauth2/v2/auth",
            ["token_uri"] = "http://127.0.0.1:9/token",
        };
        client.Remove(field);
        var json = JsonSerializer.Serialize(new { web = client });
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = json });
        using var api = world.Api();

        using var start = await api.GetAsync("/api/gmail/oauth/start");

        Assert.Equal(detail, await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured"));
        AssertProvider(await HealthAsync(api), "gmail", "not_configured", connected: 0, disconnected: 0, error: 0);
    }

    [Theory]
    [InlineData("{\"web\": ")]
    [InlineData("{\"other\": {\"client_id\": \"x\", \"client_secret\": \"y\"}}")]
    [InlineData("[]")]
    public async Task Unreadable_secrets_are_not_configured_never_a_500(string json)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = json });
        using var api = world.Api();

        using var start = await api.GetAsync("/api/gmail/oauth/start");

        Assert.StartsWith("Missing Gmail OAuth client secrets", await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured"));
    }

    [Fact]
    public async Task A_secrets_file_works_like_the_inline_json()
    {
        var file = Path.Combine(Path.GetTempPath(), "aicaller-tests", $"client_secret_{Guid.NewGuid():N}.json");
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = "",
            ["GMAIL_OAUTH_CLIENT_SECRETS_FILE"] = file,
        });
        try
        {
            // The host reads the file when it starts, on the first request; the emulator's address is known by now.
            await File.WriteAllTextAsync(file, ProductSettings.For(world.Emulator.BaseUrl)["GMAIL_OAUTH_CLIENT_SECRETS_JSON"]);
            using var api = world.Api();
            var email = TestWorld.NewEmail();

            var connected = await world.ConnectAsync(api, "/api/gmail", email);

            Assert.Equal(email, connected.GetProperty("email").GetString());
            AssertProvider(await HealthAsync(api), "gmail", "connected", connected: 1, disconnected: 0, error: 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_secrets_file_that_does_not_exist_is_not_configured_and_named()
    {
        var file = Path.Combine(Path.GetTempPath(), "aicaller-tests", $"missing_{Guid.NewGuid():N}.json");
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = "",
            ["GMAIL_OAUTH_CLIENT_SECRETS_FILE"] = file,
        });
        using var api = world.Api();

        using var start = await api.GetAsync("/api/gmail/oauth/start");

        var detail = await ProblemAssert.IsProblem(start, HttpStatusCode.ServiceUnavailable, "not_configured");
        Assert.StartsWith("Missing Gmail OAuth client secrets", detail);
        Assert.Contains(file, detail);
    }

    private static Task<JsonElement> HealthAsync(HttpClient api) =>
        api.GetFromJsonAsync<JsonElement>("/api/health/integrations");

    private static void AssertProvider(JsonElement health, string provider, string status, int connected, int disconnected, int error)
    {
        var integration = health.GetProperty("integrations").GetProperty(provider);
        Assert.Equal(status, integration.GetProperty("status").GetString());
        var counts = integration.GetProperty("accounts");
        Assert.Equal(connected, counts.GetProperty("connected").GetInt32());
        Assert.Equal(disconnected, counts.GetProperty("disconnected").GetInt32());
        Assert.Equal(error, counts.GetProperty("error").GetInt32());
    }
}
