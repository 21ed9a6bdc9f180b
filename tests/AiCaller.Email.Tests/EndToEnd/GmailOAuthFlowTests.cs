using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class GmailOAuthFlowTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task Seed_routes_connect_the_default_mailbox_through_consent_and_callback()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();

        var connected = await World.ConnectAsync(api, "/api/gmail", email);

        Assert.Equal("connected", connected.GetProperty("status").GetString());
        Assert.Equal("gmail", connected.GetProperty("provider").GetString());
        Assert.Equal("default", connected.GetProperty("account").GetString());
        Assert.Equal(email, connected.GetProperty("email").GetString());

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        var scopes = status.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("https://www.googleapis.com/auth/gmail.send", scopes);
        Assert.Contains("https://www.googleapis.com/auth/gmail.readonly", scopes);
        Assert.True(status.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.DoesNotContain("ya29.", status.GetRawText());
        Assert.DoesNotContain("1//", status.GetRawText());
    }

    [Fact]
    public async Task Auth_url_asks_for_offline_access_consent_minimal_scopes_and_pkce()
    {
        using var api = World.Api();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{TestWorld.NewAccount()}/oauth/start");
        var url = new Uri(start.GetProperty("auth_url").GetString()!);
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.StartsWith(World.Emulator.BaseUrl.ToString().TrimEnd('/'), url.GetLeftPart(UriPartial.Authority));
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("http://localhost/api/gmail/oauth/callback", query["redirect_uri"]);
        Assert.Equal(
            ["https://www.googleapis.com/auth/gmail.readonly", "https://www.googleapis.com/auth/gmail.send"],
            query["scope"]!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.True(query["state"]!.Length >= 22, "the state carries at least 128 random bits");
    }

    [Fact]
    public async Task A_browser_gets_a_small_page_naming_the_connected_address()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), email);

        using var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"Connected as {email}", await response.Content.ReadAsStringAsync());
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_state_is_single_use()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), TestWorld.NewEmail());

        using var first = await GetJson(api, callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var replay = await GetJson(api, callback.PathAndQuery);
        var detail = await ProblemAssert.IsProblem(replay, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("state", detail);
    }

    [Fact]
    public async Task A_forged_or_altered_state_is_refused_and_connects_nothing()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), TestWorld.NewEmail());
        var query = HttpUtility.ParseQueryString(callback.Query);
        var state = query["state"]!;
        var altered = state[..^2] + (state[^2] == 'A' ? "BA" : "AA");

        foreach (var forged in new[] { "forged-state", altered, Convert.ToBase64String(new byte[48]) })
        {
            using var response = await GetJson(api, $"/api/gmail/oauth/callback?code={query["code"]}&state={Uri.EscapeDataString(forged)}");
            await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        }

        using var outlookRoute = await GetJson(api, $"/api/outlook/oauth/callback?code={query["code"]}&state={Uri.EscapeDataString(state)}");
        await ProblemAssert.IsProblem(outlookRoute, HttpStatusCode.BadRequest, "invalid_request");

        var status = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());

        // Started but never connected: listed, as SPEC §4 asks, and disconnected.
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        var listed = Assert.Single(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == account);
        Assert.Equal("disconnected", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Denied_consent_is_a_clear_400()
    {
        using var api = World.Api();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{TestWorld.NewAccount()}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), TestWorld.NewEmail(), allow: false);

        using var response = await GetJson(api, callback.PathAndQuery);
        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("access_denied", detail);
    }

    [Fact]
    public async Task Reconnecting_updates_the_same_mailbox()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        await World.ConnectAsync(api, $"/api/gmail/accounts/{account}", TestWorld.NewEmail());
        var second = TestWorld.NewEmail();
        await World.ConnectAsync(api, $"/api/gmail/accounts/{account}", second);

        var status = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal(second, status.GetProperty("email").GetString());
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        Assert.Single(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == account);
    }

    [Fact]
    public async Task A_failed_reconnect_leaves_the_existing_connection_as_it_was()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, $"/api/gmail/accounts/{account}", email);
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), TestWorld.NewEmail());
        await World.Emulator.Control.AddFaultAsync(new AiCaller.Email.ProviderEmulator.Faults.FaultRule(
            "google-token", 400, Count: 1, Body: """{"error":"invalid_grant","error_description":"Bad Request"}"""));

        using var response = await GetJson(api, callback.PathAndQuery);

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("invalid_grant", detail);
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        using var list = await api.GetAsync($"/api/gmail/accounts/{account}/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private static Task<HttpResponseMessage> GetJson(HttpClient api, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return api.SendAsync(request);
    }
}
