using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>SPEC §6 for Outlook: MSAL's per-mailbox cache refreshes silently, and failures change the mailbox as for Gmail.</summary>
public sealed class OutlookTokenLifecycleTests
{
    [Fact]
    public async Task Fifty_concurrent_calls_on_an_expired_token_cause_exactly_one_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, "/api/outlook", email);
        var before = (await world.Emulator.Control.GetMicrosoftStatsAsync()).RefreshesByUser.GetValueOrDefault(email);

        await world.Emulator.Control.AddFaultAsync(new FaultRule("microsoft-token", 0, Count: 1, DelayMs: 500));
        clock.Advance(TimeSpan.FromHours(2));
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.GetAsync("/api/outlook/messages?top=1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 1, (await world.Emulator.Control.GetMicrosoftStatsAsync()).RefreshesByUser.GetValueOrDefault(email));
        Assert.All((await world.Emulator.Control.GetRequestsAsync("graph")).Where(r => r.User == email), r => Assert.Equal("valid", r.TokenState));
    }

    [Fact]
    public async Task Tokens_are_refreshed_ahead_of_expiry_while_idle()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        await world.Emulator.Control.SetMicrosoftTokenLifetimeAsync(8);
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, "/api/outlook", email);

        var refreshes = 0;
        for (var poll = 0; poll < 300 && refreshes < 2; poll++)
        {
            await Task.Delay(100);
            refreshes = (await world.Emulator.Control.GetMicrosoftStatsAsync()).RefreshesByUser.GetValueOrDefault(email);
        }

        Assert.True(refreshes >= 2, $"the refresh timer renewed the token {refreshes} times");
        using var list = await api.GetAsync("/api/outlook/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.All((await world.Emulator.Control.GetRequestsAsync("graph")).Where(r => r.User == email), r => Assert.Equal("valid", r.TokenState));
    }

    [Fact]
    public async Task A_401_forces_one_refresh_and_a_revoked_grant_disconnects_without_a_retry_storm()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        await world.ConnectAsync(api, path, email);

        await world.Emulator.Control.ExpireMicrosoftAccessTokensAsync(email);
        var retried = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.GetAsync($"{path}/messages")));
        Assert.All(retried, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, (await world.Emulator.Control.GetMicrosoftStatsAsync()).RefreshesByUser.GetValueOrDefault(email));

        await world.Emulator.Control.RevokeMicrosoftUserAsync(email);
        using var revoked = await api.GetAsync($"{path}/messages");
        Assert.Equal("Outlook token is invalid — reconnect", await ProblemAssert.IsProblem(revoked, HttpStatusCode.Conflict, "token_invalid"));
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal("token_invalid", status.GetProperty("last_error").GetProperty("code").GetString());
        Assert.Contains("invalid_grant", status.GetProperty("last_error").GetProperty("message").GetString());

        var before = (await world.Emulator.Control.GetRequestsAsync()).Count;
        for (var i = 0; i < 5; i++)
        {
            using var again = await api.GetAsync($"{path}/messages");
            await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict, "token_invalid");
        }

        Assert.Equal(before, (await world.Emulator.Control.GetRequestsAsync()).Count);
        var health = await api.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal(1, health.GetProperty("integrations").GetProperty("outlook").GetProperty("accounts").GetProperty("disconnected").GetInt32());
    }

    [Fact]
    public async Task A_rejected_client_secret_puts_the_mailbox_in_error_with_app_credentials_invalid()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        await world.ConnectAsync(api, path, email);
        await world.Emulator.Control.SetMicrosoftClientSecretAsync("rotated");
        await world.Emulator.Control.ExpireMicrosoftAccessTokensAsync(email);

        using var response = await api.GetAsync($"{path}/messages");

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.ServiceUnavailable, "app_credentials_invalid");
        Assert.Contains("invalid_client", detail);
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("error", status.GetProperty("status").GetString());
        Assert.Equal("app_credentials_invalid", status.GetProperty("last_error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task After_a_restart_the_msal_cache_comes_back_from_storage_without_new_consent()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        using (var api = world.Api())
        {
            await world.ConnectAsync(api, path, email);
        }

        await world.RestartHostAsync();
        await world.Emulator.Control.ExpireMicrosoftAccessTokensAsync(email);

        using var restarted = world.Api();
        var status = await restarted.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        using var list = await restarted.GetAsync($"{path}/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var stats = await world.Emulator.Control.GetMicrosoftStatsAsync();
        Assert.Equal(1, stats.CodeExchanges);
        Assert.Equal(1, stats.RefreshesByUser.GetValueOrDefault(email));

        Assert.Empty(StoredData.PlainTextOf(world.DataDirectory, "refresh_token", "RefreshToken", "\"secret\"", email));
    }

    [Fact]
    public async Task Disconnect_deletes_the_tokens_and_the_mailbox_leaves_the_list()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        await world.ConnectAsync(api, path, TestWorld.NewEmail());

        using var deleted = await api.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/outlook/accounts");
        Assert.Empty(accounts.GetProperty("accounts").EnumerateArray());
        using var list = await api.GetAsync($"{path}/messages");
        Assert.Equal("Outlook OAuth not completed", await ProblemAssert.IsProblem(list, HttpStatusCode.Conflict, "not_connected"));
    }

    [Fact]
    public async Task With_mail_readwrite_a_send_creates_then_sends_and_returns_the_ids()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["OUTLOOK_OAUTH_SCOPES"] = "Mail.ReadWrite" });
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        var path = $"/api/outlook/accounts/{TestWorld.NewAccount()}";
        var start = await api.GetFromJsonAsync<JsonElement>($"{path}/oauth/start");
        Assert.Contains("Mail.ReadWrite", HttpUtility.ParseQueryString(new Uri(start.GetProperty("auth_url").GetString()!).Query)["scope"]);
        await world.ConnectAsync(api, path, email);

        using var response = await api.PostAsJsonAsync($"{path}/send", new { to = "a@example.com", subject = "with id", body = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = result.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.False(string.IsNullOrEmpty(result.GetProperty("thread_id").GetString()));
        var sent = Assert.Single(await world.Emulator.Control.GetGraphSentAsync(email));
        Assert.Equal("draft", sent.Via);
        Assert.Equal(id, sent.MessageId);
        var message = await api.GetFromJsonAsync<JsonElement>($"{path}/messages/{id}");
        Assert.Equal("with id", message.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_seed_token_file_with_a_refresh_token_connects_the_default_mailbox()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        var refreshToken = await ObtainRefreshTokenAsync(world, email);
        var file = world.Setting("OUTLOOK_OAUTH_TOKEN_FILE")!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { access_token = "stale", refresh_token = refreshToken, expires_at = 0 }));
        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/outlook/status");

        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        using var list = await api.GetAsync("/api/outlook/messages");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_seed_token_file_holding_an_msal_cache_connects_the_default_mailbox()
    {
        await using var world = await TestWorld.StartAsync();
        var email = TestWorld.NewEmail();
        var cache = await ObtainMsalCacheAsync(world, email);
        var file = world.Setting("OUTLOOK_OAUTH_TOKEN_FILE")!;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, cache);
        using var api = world.Api();

        var status = await api.GetFromJsonAsync<JsonElement>("/api/outlook/status");

        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
    }

    /// <summary>What the seed system's MSAL kept: a serialized token cache with the user's account and refresh token.</summary>
    private static async Task<byte[]> ObtainMsalCacheAsync(TestWorld world, string email)
    {
        const string redirect = "http://localhost/seed-callback";
        byte[]? blob = null;
        var app = Microsoft.Identity.Client.ConfidentialClientApplicationBuilder.Create(MicrosoftDefaults.ClientId)
            .WithClientSecret(MicrosoftDefaults.ClientSecret)
            .WithAuthority("https://login.microsoftonline.com/common")
            .WithRedirectUri(redirect)
            .WithHttpClientFactory(new AiCaller.Email.Grains.Providers.Outlook.AuthorityHostRedirect(world.Emulator.BaseUrl.ToString()))
            .Build();
        app.UserTokenCache.SetAfterAccess(args =>
        {
            if (args.HasStateChanged)
            {
                blob = args.TokenCache.SerializeMsalV3();
            }
        });
        string[] scopes = ["Mail.Send", "Mail.Read", "User.Read"];
        var url = await app.GetAuthorizationRequestUrl(scopes).WithPkce(out var verifier).ExecuteAsync();
        var callback = await world.Emulator.Control.MicrosoftConsentAsync(url, email);
        var code = HttpUtility.ParseQueryString(callback.Query)["code"]!;
        await app.AcquireTokenByAuthorizationCode(scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync();
        return blob ?? throw new InvalidOperationException("MSAL wrote no cache");
    }

    /// <summary>A refresh token obtained outside the product, as the seed system kept it.</summary>
    private static async Task<string> ObtainRefreshTokenAsync(TestWorld world, string email)
    {
        var emulator = world.Emulator.BaseUrl.ToString().TrimEnd('/');
        const string redirect = "http://localhost/seed-callback";
        var verifier = new string('v', 50);
        var authorize = $"{emulator}/common/oauth2/v2.0/authorize?client_id={MicrosoftDefaults.ClientId}&response_type=code"
            + $"&redirect_uri={Uri.EscapeDataString(redirect)}&scope={Uri.EscapeDataString("offline_access Mail.Send Mail.Read User.Read openid profile")}"
            + $"&state=seed&code_challenge={verifier}&code_challenge_method=plain";
        var callback = await world.Emulator.Control.MicrosoftConsentAsync(new Uri(authorize), email);
        var code = HttpUtility.ParseQueryString(callback.Query)["code"]!;
        using var http = new HttpClient();
        using var exchange = await http.PostAsync($"{emulator}/common/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = MicrosoftDefaults.ClientId,
            ["client_secret"] = MicrosoftDefaults.ClientSecret,
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["code_verifier"] = verifier,
            ["scope"] = "offline_access Mail.Send Mail.Read User.Read",
        }));
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        return (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
    }
}
