using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// Connect links through HTTP: created with a tenant's key, opened without one (a page, then its button), single use,
/// time-limited, bound to the tenant that made them, and refused with a clear page otherwise.
/// </summary>
public sealed class ConnectLinkTests(KeyedWorldFixture fixture) : IClassFixture<KeyedWorldFixture>
{
    private const string AllowedReturn = "https://app.example.com/mail/connected";

    private TestWorld World => fixture.World;

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task A_link_opened_without_a_key_connects_its_mailbox_once_and_a_second_use_is_refused(string provider)
    {
        using var tenant = World.Api(TenantKeys.KeyA);
        using var browser = World.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();

        var link = await CreateLinkAsync(tenant, $"/api/{provider}/accounts/{account}");
        Assert.StartsWith("http://localhost/connect/", link.Url);
        Assert.InRange(link.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));

        using (var page = await browser.GetAsync(link.Url))
        {
            var html = await HtmlAsync(page, HttpStatusCode.OK);
            Assert.Contains($"Continue to {DisplayName(provider)}", html);
            Assert.Contains(account, html);
            Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        }

        // Showing the page spent nothing: a mail scanner's GET leaves the link to its owner.
        var authUrl = await OpenAsync(browser, link.Url);
        var callback = await MailboxConsent.DecideAsync(World.Emulator.Control, provider, authUrl, email);
        using (var back = await browser.GetAsync(callback.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
            var result = back.Headers.Location!;
            Assert.Equal("http://localhost/connect/done", result.GetLeftPart(UriPartial.Path));
            var query = HttpUtility.ParseQueryString(result.Query);
            Assert.Equal((provider, account, "connected", $"Connected as {email}"), (query["provider"], query["account"], query["result"], query["message"]));
            using var done = await browser.GetAsync(result.PathAndQuery);
            Assert.Contains(HtmlEncoded($"Connected as {email}"), await HtmlAsync(done, HttpStatusCode.OK));
        }

        var status = await tenant.GetFromJsonAsync<JsonElement>($"/api/{provider}/accounts/{account}/status");
        Assert.Equal(("connected", email), (status.GetProperty("status").GetString(), status.GetProperty("email").GetString()));

        using var again = await browser.GetAsync(link.Url);
        Assert.Contains("already used", await HtmlAsync(again, HttpStatusCode.Gone));
        using var reopened = await browser.PostAsync(link.Url, null);
        Assert.Contains("already used", await HtmlAsync(reopened, HttpStatusCode.Gone));
    }

    [Fact]
    public async Task A_link_names_its_tenant_so_whoever_opens_it_connects_that_tenants_mailbox_only()
    {
        using var tenantA = World.Api(TenantKeys.KeyA);
        using var tenantB = World.Api(TenantKeys.KeyB);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var link = await CreateLinkAsync(tenantA, $"/api/gmail/accounts/{account}");

        // Tenant B's key on the request changes nothing: the token alone says whose mailbox it is.
        var authUrl = await OpenAsync(tenantB, link.Url);
        var callback = await World.Emulator.Control.ConsentAsync(authUrl, email);
        using (var back = await tenantB.GetAsync(callback.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
        }

        var statusA = await tenantA.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("connected", statusA.GetProperty("status").GetString());
        var statusB = await tenantB.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("disconnected", statusB.GetProperty("status").GetString());
        var listB = await tenantB.GetStringAsync("/api/gmail/accounts?limit=1000");
        Assert.DoesNotContain(account, listB);
        Assert.DoesNotContain(email, listB);
        var listA = await tenantA.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        Assert.Contains(listA.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == account);
    }

    [Fact]
    public async Task A_forged_or_altered_link_or_an_oauth_state_is_refused_with_a_page_and_changes_nothing()
    {
        using var tenant = World.Api(TenantKeys.KeyA);
        using var browser = World.Api();
        var account = TestWorld.NewAccount();
        var link = await CreateLinkAsync(tenant, $"/api/gmail/accounts/{account}");
        var token = link.Url[(link.Url.LastIndexOf('/') + 1)..];
        var altered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var start = await tenant.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var oauthState = HttpUtility.ParseQueryString(new Uri(start.GetProperty("auth_url").GetString()!).Query)["state"]!;

        foreach (var forged in new[] { "forged-token", altered, oauthState, new string('A', 5000) })
        {
            using var shown = await browser.GetAsync($"/connect/{forged}");
            Assert.Contains("not valid", await HtmlAsync(shown, HttpStatusCode.BadRequest));
            using var opened = await browser.PostAsync($"/connect/{forged}", null);
            Assert.Contains("not valid", await HtmlAsync(opened, HttpStatusCode.BadRequest));
        }

        // The real link still works, and the mailbox is as it was.
        var status = await tenant.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        using var real = await browser.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    [Fact]
    public async Task A_link_past_its_lifetime_is_refused_and_changes_nothing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var account = TestWorld.NewAccount();
        var link = await CreateLinkAsync(api, $"/api/outlook/accounts/{account}");
        Assert.Equal(clock.GetUtcNow().AddMinutes(30), link.ExpiresAt);

        clock.Advance(TimeSpan.FromMinutes(31));

        using var shown = await api.GetAsync(link.Url);
        Assert.Contains("expired", await HtmlAsync(shown, HttpStatusCode.Gone));
        using var opened = await api.PostAsync(link.Url, null);
        Assert.Contains("expired", await HtmlAsync(opened, HttpStatusCode.Gone));
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/outlook/accounts/{account}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_lifetime_follows_CONNECT_LINK_MINUTES_and_the_token_itself_expires_with_the_link()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["CONNECT_LINK_MINUTES"] = "5" });
        using var api = world.Api();

        var link = await CreateLinkAsync(api, $"/api/gmail/accounts/{TestWorld.NewAccount()}");

        Assert.InRange(link.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(5));
        var codec = world.Host.Services.GetRequiredService<ConnectLinkCodec>();
        Assert.True(codec.TryUnprotect(link.Url[(link.Url.LastIndexOf('/') + 1)..], out _, out _));
        var shortLived = codec.Protect(MailboxKey.Create(ProviderName.Gmail, "default", "x"), "n", DateTimeOffset.UtcNow.AddSeconds(-1));
        Assert.False(codec.TryUnprotect(shortLived, out _, out _));
    }

    [Fact]
    public async Task A_link_survives_a_restart_of_the_host()
    {
        await using var world = await TestWorld.StartAsync();
        var account = TestWorld.NewAccount();
        ConnectLinkCreated link;
        using (var api = world.Api())
        {
            link = await CreateLinkAsync(api, $"/api/gmail/accounts/{account}");
        }

        await world.RestartHostAsync();

        using var after = world.Api();
        var authUrl = await OpenAsync(after, link.Url);
        var callback = await world.Emulator.Control.ConsentAsync(authUrl, TestWorld.NewEmail());
        using var back = await after.GetAsync(callback.PathAndQuery);
        Assert.Equal("connected", HttpUtility.ParseQueryString(back.Headers.Location!.Query)["result"]);
    }

    [Fact]
    public async Task A_link_with_a_return_url_sends_the_browser_back_there_with_the_result_connected_or_refused()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["CONNECT_LINK_RETURN_URLS"] = AllowedReturn + ", https://other.example.com/" });
        using var api = world.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();

        var refusedLink = await CreateLinkAsync(api, $"/api/gmail/accounts/{account}", new { return_url = AllowedReturn + "?session=7" });
        var denied = await world.Emulator.Control.ConsentAsync(await OpenAsync(api, refusedLink.Url), email, allow: false);
        using (var back = await api.GetAsync(denied.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
            Assert.Equal(AllowedReturn, back.Headers.Location!.GetLeftPart(UriPartial.Path));
            var query = HttpUtility.ParseQueryString(back.Headers.Location.Query);
            Assert.Equal(("7", "gmail", account, "refused"), (query["session"], query["provider"], query["account"], query["result"]));
            Assert.Equal("Gmail did not grant access: access_denied", query["message"]);
        }

        var link = await CreateLinkAsync(api, $"/api/gmail/accounts/{account}", new { return_url = AllowedReturn });
        var allowed = await world.Emulator.Control.ConsentAsync(await OpenAsync(api, link.Url), email);
        using var connected = await api.GetAsync(allowed.PathAndQuery);
        var result = HttpUtility.ParseQueryString(connected.Headers.Location!.Query);
        Assert.Equal(("connected", $"Connected as {email}"), (result["result"], result["message"]));
    }

    [Fact]
    public async Task A_return_url_off_the_allow_list_is_refused_for_links_and_for_oauth_start()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["CONNECT_LINK_RETURN_URLS"] = AllowedReturn });
        using var api = world.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";

        foreach (var returnUrl in new[]
        {
            "https://evil.example/mail/connected", "https://app.example.com.evil.example/mail/connected", "https://app.example.com/mail/connectedx",
            "http://app.example.com/mail/connected", "https://app.example.com:8443/mail/connected", "https://user@app.example.com/mail/connected",
            "//evil.example/", "/\\evil.example", "javascript:alert(1)", "https://app.example.com/mail/connected/%2e%2e/admin", "relative/path", "",
        })
        {
            using var link = await api.PostAsJsonAsync($"{path}/connect-link", new { return_url = returnUrl });
            var detail = await ProblemAssert.IsProblem(link, HttpStatusCode.BadRequest, "invalid_request");
            Assert.Contains("return_url", detail);
            using var start = await api.GetAsync($"{path}/oauth/start?return_url={Uri.EscapeDataString(returnUrl)}");
            await ProblemAssert.IsProblem(start, HttpStatusCode.BadRequest, "invalid_request");
        }

        using var unknownField = await api.PostAsJsonAsync($"{path}/connect-link", new { return_to = "/" });
        await ProblemAssert.IsProblem(unknownField, HttpStatusCode.BadRequest, "invalid_request");

        foreach (var allowed in new[] { AllowedReturn, AllowedReturn + "/step?x=1", "/", "/after-connect?x=1" })
        {
            using var link = await api.PostAsJsonAsync($"{path}/connect-link", new { return_url = allowed });
            Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        }

        // Nothing was listed by the refused requests beyond the one account the accepted ones named.
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts");
        Assert.Single(accounts.GetProperty("accounts").EnumerateArray());
    }

    [Fact]
    public async Task A_tenant_at_its_mailbox_limit_gets_409_for_a_link_to_one_more_mailbox()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["MAX_MAILBOXES_PER_TENANT"] = "1" });
        using var api = world.Api();

        var first = await CreateLinkAsync(api, "/api/gmail/accounts/first");
        using var refused = await api.PostAsync("/api/outlook/accounts/second/connect-link", null);
        using var again = await api.PostAsync("/api/gmail/accounts/first/connect-link", null);

        var detail = await ProblemAssert.IsProblem(refused, HttpStatusCode.Conflict, "limit_reached");
        Assert.Contains("1", detail);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var listed = Assert.Single((await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts")).GetProperty("accounts").EnumerateArray());
        Assert.Equal(("first", "disconnected"), (listed.GetProperty("account").GetString(), listed.GetProperty("status").GetString()));
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/outlook/accounts")).GetProperty("accounts").EnumerateArray());
        Assert.StartsWith("http://localhost/connect/", first.Url);
    }

    [Fact]
    public async Task Creating_a_link_needs_the_tenants_key_and_the_result_page_needs_a_result()
    {
        using var anonymous = World.Api();
        using var link = await anonymous.PostAsync("/api/gmail/accounts/someone/connect-link", null);
        await ProblemAssert.IsProblem(link, HttpStatusCode.Unauthorized, "unauthorized");

        using var done = await anonymous.GetAsync("/connect/done");
        Assert.Contains("Nothing to show", await HtmlAsync(done, HttpStatusCode.BadRequest));
        using var spoofed = await anonymous.GetAsync("/connect/done?result=connected&message=%3Cscript%3Ealert(1)%3C/script%3E");
        var html = await HtmlAsync(spoofed, HttpStatusCode.OK);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    private static async Task<ConnectLinkCreated> CreateLinkAsync(HttpClient api, string mailboxPath, object? body = null)
    {
        using var response = body is null
            ? await api.PostAsync($"{mailboxPath}/connect-link", null)
            : await api.PostAsJsonAsync($"{mailboxPath}/connect-link", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"connect-link answered {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        return new ConnectLinkCreated(json.GetProperty("url").GetString()!, json.GetProperty("expires_at").GetDateTimeOffset());
    }

    /// <summary>The link page's button: a form post that answers with the provider's consent URL.</summary>
    private static async Task<Uri> OpenAsync(HttpClient browser, string linkUrl)
    {
        using var response = await browser.PostAsync(linkUrl, null);
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"the link answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    private static string HtmlEncoded(string text) => WebUtility.HtmlEncode(text);

    private static string DisplayName(string provider) => provider == "gmail" ? "Gmail" : "Outlook";

    private sealed record ConnectLinkCreated(string Url, DateTimeOffset ExpiresAt);
}
