using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>With API_KEYS set, every /api/ route but the OAuth callback needs a key; health probes and docs are open.</summary>
public sealed class ApiKeyTests(KeyedWorldFixture fixture) : IClassFixture<KeyedWorldFixture>
{
    private const string MessageId = "18c9a1b2c3d4e5f6";

    private TestWorld World => fixture.World;

    public static TheoryData<string, string> KeyedRoutes => new()
    {
        { "GET", "/api/gmail/status" },
        { "GET", "/api/gmail/oauth/start" },
        { "POST", "/api/gmail/send" },
        { "GET", "/api/gmail/messages" },
        { "GET", $"/api/gmail/messages/{MessageId}" },
        { "GET", "/api/gmail/accounts" },
        { "GET", "/api/gmail/accounts/key-probe/status" },
        { "GET", "/api/gmail/accounts/key-probe/oauth/start" },
        { "POST", "/api/gmail/accounts/key-probe/send" },
        { "GET", "/api/gmail/accounts/key-probe/messages" },
        { "GET", $"/api/gmail/accounts/key-probe/messages/{MessageId}" },
        { "DELETE", "/api/gmail/accounts/key-probe" },
        { "GET", "/api/outlook/status" },
        { "GET", "/api/health/integrations" },
    };

    [Fact]
    public async Task A_missing_key_is_a_401_problem_with_a_bearer_challenge()
    {
        using var api = World.Api();

        using var response = await api.GetAsync("/api/gmail/status");

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
        Assert.Contains("Authorization: Bearer", detail);
    }

    [Fact]
    public async Task A_wrong_key_in_either_header_or_scheme_is_a_401()
    {
        var wrong = new (string Header, string Value)[]
        {
            ("Authorization", "Bearer key-c"),
            ("Authorization", "Bearer KEY-A"),
            ("Authorization", $"Bearer {TenantKeys.KeyA}x"),
            ("Authorization", "Bearer "),
            ("Authorization", "Basic " + Convert.ToBase64String("tenant-a:key-a"u8)),
            ("X-Api-Key", "key-c-0123456789abcdef"),
            ("X-Api-Key", "tenant-a:key-a"),
        };

        foreach (var (header, value) in wrong)
        {
            using var api = World.Api();
            api.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
            using var response = await api.GetAsync("/api/gmail/status");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{header}: {value} answered {(int)response.StatusCode}");
            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.NotEmpty(response.Headers.WwwAuthenticate);
        }
    }

    [Theory]
    [MemberData(nameof(KeyedRoutes))]
    public async Task Every_api_route_needs_a_key(string method, string path)
    {
        using var anonymous = World.Api();
        using var wrongKey = World.Api("key-c-0123456789abcdef");
        using var tenantA = World.Api(TenantKeys.KeyA);

        foreach (var client in new[] { anonymous, wrongKey })
        {
            using var request = Request(method, path);
            using var response = await client.SendAsync(request);
            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        }

        // The same request with a key gets past authentication, so the 401 above was the key's doing.
        using var keyedRequest = Request(method, path);
        using var keyed = await tenantA.SendAsync(keyedRequest);
        Assert.NotEqual(HttpStatusCode.Unauthorized, keyed.StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, keyed.StatusCode);
    }

    [Fact]
    public async Task The_oauth_callback_needs_no_key_its_state_authorises_it()
    {
        using var anonymous = World.Api();
        using var forgedRequest = AcceptJson("/api/gmail/oauth/callback?code=4%2F0abc&state=forged-state");
        using var forged = await anonymous.SendAsync(forgedRequest);
        await ProblemAssert.IsProblem(forged, HttpStatusCode.BadRequest, "invalid_request");

        using var tenantA = World.Api(TenantKeys.KeyA);
        var account = TestWorld.NewAccount();
        var email = TestWorld.NewEmail();
        var start = await tenantA.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/oauth/start");
        var callback = await World.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), email);

        using var request = AcceptJson(callback.PathAndQuery);
        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await tenantA.GetFromJsonAsync<JsonElement>($"/api/gmail/accounts/{account}/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_probes_answer_without_a_key_and_without_details(string path)
    {
        using var anonymous = World.Api();
        using var wrongKey = World.Api("key-c-0123456789abcdef");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_interactive_docs_answer_without_a_key()
    {
        using var anonymous = World.Api();

        using var response = await anonymous.GetAsync("/docs");
        var location = response.Headers.Location;
        using var page = location is null ? null : await anonymous.GetAsync(new Uri(new Uri("http://localhost/docs"), location));
        var final = page ?? response;

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("text/html", final.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await final.Content.ReadAsStringAsync());
        using var script = await anonymous.GetAsync(new Uri(new Uri("http://localhost/docs/"), "scalar.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { to = "someone@example.com", subject = "key check", body = "x" });
        }

        return request;
    }

    private static HttpRequestMessage AcceptJson(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
