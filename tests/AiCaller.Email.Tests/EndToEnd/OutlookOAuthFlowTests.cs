using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class OutlookOAuthFlowTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task Seed_routes_connect_the_default_outlook_mailbox()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();

        var connected = await World.ConnectAsync(api, "/api/outlook", email);

        Assert.Equal("connected", connected.GetProperty("status").GetString());
        Assert.Equal("outlook", connected.GetProperty("provider").GetString());
        Assert.Equal("default", connected.GetProperty("account").GetString());
        Assert.Equal(email, connected.GetProperty("email").GetString());
        var status = await api.GetFromJsonAsync<JsonElement>("/api/outlook/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        var scopes = string.Join(' ', status.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("Mail.Send", scopes);
        Assert.Contains("Mail.Read", scopes);
        Assert.Contains("User.Read", scopes);
        Assert.True(status.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task The_auth_url_is_msals_with_pkce_state_and_minimal_scopes_on_the_configured_authority_host()
    {
        using var api = World.Api();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/outlook/accounts/{TestWorld.NewAccount()}/oauth/start");
        var url = new Uri(start.GetProperty("auth_url").GetString()!);
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Equal(World.Emulator.BaseUrl.Authority, url.Authority);
        Assert.Equal("/common/oauth2/v2.0/authorize", url.AbsolutePath);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("http://localhost/api/outlook/oauth/callback", query["redirect_uri"]);
        Assert.Equal(MicrosoftDefaults.ClientId, query["client_id"]);
        Assert.True(query["state"]!.Length >= 22);
        var scopes = query["scope"]!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Mail.Read", "Mail.Send", "User.Read", "offline_access", "openid", "profile"], scopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_personal_account_without_mail_uses_its_user_principal_name()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();
        await World.Emulator.Control.SetMicrosoftPersonalAccountAsync(email);

        var connected = await World.ConnectAsync(api, $"/api/outlook/accounts/{TestWorld.NewAccount()}", email);

        Assert.Equal(email, connected.GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_browser_gets_the_connected_page_and_a_replayed_state_is_refused()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/outlook/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.MicrosoftConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), email);

        using var page = await api.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Connected as {email}", await page.Content.ReadAsStringAsync());

        using var replay = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery);
        replay.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var replayed = await api.SendAsync(replay);
        await ProblemAssert.IsProblem(replayed, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task No_request_reaches_a_microsoft_host_and_every_identity_call_reaches_the_emulator()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();
        await World.Emulator.Control.ClearRequestsAsync();

        await World.ConnectAsync(api, $"/api/outlook/accounts/{TestWorld.NewAccount()}", email);

        var requests = await World.Emulator.Control.GetRequestsAsync();
        Assert.Contains(requests, r => r.Target == "microsoft-token" && r.GrantType == "authorization_code");
        Assert.Contains(requests, r => r.Target == "graph" && r.Path == "/v1.0/me" && r.User == email);
    }
}
