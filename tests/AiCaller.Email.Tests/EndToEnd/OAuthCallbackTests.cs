using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// What the OAuth callback shows, and to whom: nothing of the request before its state proved valid; the provider's
/// refusal, shortened and encoded, after; and the result on the page that began the flow when it gave a return URL.
/// </summary>
public sealed class OAuthCallbackTests(WorldFixture fixture) : IClassFixture<WorldFixture>
{
    private TestWorld World => fixture.World;

    [Fact]
    public async Task An_invalid_state_with_a_provider_error_shows_the_fixed_message_and_never_the_providers_text()
    {
        using var api = World.Api();
        var planted = Uri.EscapeDataString("<script>alert('x')</script>");
        var description = Uri.EscapeDataString("Call +1 555 0100 to restore your account");

        foreach (var state in new[] { "&state=forged", string.Empty, "&state=" })
        {
            var callback = $"/api/gmail/oauth/callback?error={planted}&error_description={description}{state}";
            using var page = await api.GetAsync(callback);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(OAuthCallbackApi.InvalidStateDetail), html);
            Assert.DoesNotContain("script", html);
            Assert.DoesNotContain("555", html);

            using var json = await GetJsonAsync(api, callback);
            Assert.Equal(OAuthCallbackApi.InvalidStateDetail, await ProblemAssert.IsProblem(json, HttpStatusCode.BadRequest, "invalid_request"));
        }
    }

    [Fact]
    public async Task A_valid_state_with_a_provider_error_shows_the_error_shortened_and_encoded_and_spends_the_state()
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var state = await StartAsync(api, $"/api/outlook/accounts/{account}");
        var description = "<b>Consent was withdrawn</b> " + new string('x', 500);

        using var page = await api.GetAsync(
            $"/api/outlook/oauth/callback?state={Uri.EscapeDataString(state)}&error=access_denied&error_description={Uri.EscapeDataString(description)}");

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Outlook did not grant access: access_denied (&lt;b&gt;Consent was withdrawn&lt;/b&gt; xxx", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain(new string('x', 200), html);
        Assert.Contains("x…)", html);

        // Single use: the refused consent is over, whatever comes with its state now.
        using var replay = await GetJsonAsync(api, $"/api/outlook/oauth/callback?state={Uri.EscapeDataString(state)}&code=stolen");
        Assert.Contains("state", await ProblemAssert.IsProblem(replay, HttpStatusCode.BadRequest, "invalid_request"));
        var status = await api.GetFromJsonAsync<JsonElement>($"/api/outlook/accounts/{account}/status");
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("gmail")]
    [InlineData("outlook")]
    public async Task A_flow_started_with_a_return_url_comes_back_to_it_with_the_result(string provider)
    {
        using var api = World.Api();
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var path = $"/api/{provider}/accounts/{account}";

        var denied = await ConsentAsync(api, provider, path, "/?tab=mail", email, allow: false);
        Assert.StartsWith("/?tab=mail&", denied.OriginalString);
        var refusal = QueryOf(denied);
        Assert.Equal(("mail", provider, account, "refused"), (refusal["tab"], refusal["provider"], refusal["account"], refusal["result"]));
        Assert.StartsWith($"{(provider == "gmail" ? "Gmail" : "Outlook")} did not grant access: access_denied", refusal["message"]);

        var connected = await ConsentAsync(api, provider, path, "/", email, allow: true);
        var result = QueryOf(connected);
        Assert.Equal(("connected", $"Connected as {email}"), (result["result"], result["message"]));
        var status = await api.GetFromJsonAsync<JsonElement>($"{path}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_failed_exchange_is_reported_to_the_return_url_as_failed()
    {
        using var api = World.Api();
        var path = $"/api/gmail/accounts/{TestWorld.NewAccount()}";
        await World.Emulator.Control.AddFaultAsync(new AiCaller.Email.ProviderEmulator.Faults.FaultRule(
            "google-token", 400, Count: 1, Body: """{"error":"invalid_grant","error_description":"Bad Request"}"""));

        var back = await ConsentAsync(api, "gmail", path, "/", TestWorld.NewEmail(), allow: true);

        var result = QueryOf(back);
        Assert.Equal("failed", result["result"]);
        Assert.Contains("invalid_grant", result["message"]);
    }

    [Fact]
    public async Task An_api_client_still_gets_json_from_a_flow_with_a_return_url()
    {
        using var api = World.Api();
        var email = TestWorld.NewEmail();
        var start = await api.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{TestWorld.NewAccount()}/oauth/start?return_url=%2F");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), email);

        using var response = await GetJsonAsync(api, callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
    }

    /// <summary>Start with a return URL, the user's decision at the provider, and the callback's redirect (a path on this host).</summary>
    private async Task<Uri> ConsentAsync(HttpClient api, string provider, string path, string returnUrl, string email, bool allow)
    {
        var start = await api.GetFromJsonAsync<JsonElement>($"{path}/oauth/start?return_url={Uri.EscapeDataString(returnUrl)}");
        var callback = await MailboxConsent.DecideAsync(World.Emulator.Control, provider, new Uri(start.GetProperty("auth_url").GetString()!), email, allow);
        using var back = await api.GetAsync(callback.PathAndQuery);
        Assert.True(back.StatusCode == HttpStatusCode.SeeOther, $"the callback answered {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}");
        return back.Headers.Location!;
    }

    private static System.Collections.Specialized.NameValueCollection QueryOf(Uri location) =>
        HttpUtility.ParseQueryString(location.OriginalString[location.OriginalString.IndexOf('?')..]);

    private static async Task<string> StartAsync(HttpClient api, string path)
    {
        var start = await api.GetFromJsonAsync<JsonElement>($"{path}/oauth/start");
        return HttpUtility.ParseQueryString(new Uri(start.GetProperty("auth_url").GetString()!).Query)["state"]!;
    }

    private static Task<HttpResponseMessage> GetJsonAsync(HttpClient api, string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return api.SendAsync(request);
    }
}
