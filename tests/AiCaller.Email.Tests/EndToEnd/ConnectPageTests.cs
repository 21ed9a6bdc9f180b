using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>The connect page over HTTP (the browser test drives it in Chromium), and the data it shows.</summary>
public sealed class ConnectPageTests(KeyedWorldFixture fixture) : IClassFixture<KeyedWorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task The_page_and_its_files_are_served_without_a_key_and_hold_no_data()
    {
        using var anonymous = World.Api();

        using var page = await anonymous.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<label for=\"api-key\">", html);
        Assert.Contains("aria-live=\"polite\"", html);
        Assert.Contains("name=\"viewport\"", html);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());

        foreach (var (path, type) in new[] { ("/connect-page/app.js", "text/javascript"), ("/connect-page/app.css", "text/css") })
        {
            using var file = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(type, file.Content.Headers.ContentType?.MediaType);
        }

        // The key travels as a bearer header from sessionStorage; never in a URL or a cookie.
        var script = await anonymous.GetStringAsync("/connect-page/app.js");
        Assert.Contains("sessionStorage", script);
        Assert.DoesNotContain("localStorage", script);
        Assert.DoesNotContain("document.cookie", script);
        Assert.Contains("'Bearer '", script);

        using var data = await anonymous.GetAsync("/api/gmail/accounts");
        await ProblemAssert.IsProblem(data, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_account_list_tells_when_each_mailbox_last_refreshed_its_token()
    {
        using var api = World.Api(TenantKeys.KeyA);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        await World.ConnectAsync(api, $"/api/gmail/accounts/{account}", email);
        var connected = await ListedAsync(api, account);
        var connectedAt = connected.GetProperty("last_refreshed_at").GetDateTimeOffset();
        Assert.InRange(connectedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(email, connected.GetProperty("email").GetString());

        await World.Emulator.Control.ExpireAccessTokensAsync(email);
        using (var messages = await api.GetAsync($"/api/gmail/accounts/{account}/messages"))
        {
            Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        }

        var refreshed = await ListedAsync(api, account);
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.True(refreshed.GetProperty("last_refreshed_at").GetDateTimeOffset() > connectedAt);
        Assert.Equal(status.GetProperty("last_refreshed_at").GetDateTimeOffset(), refreshed.GetProperty("last_refreshed_at").GetDateTimeOffset());
    }

    private static async Task<JsonElement> ListedAsync(HttpClient api, string account)
    {
        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/gmail/accounts?limit=1000");
        return Assert.Single(accounts.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("account").GetString() == account);
    }
}
