using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// The Orleans Dashboard at /dashboard: behind the API key when keys are configured, which a browser gives as the
/// password of HTTP Basic authentication; open in the loopback-only open mode, like the API.
/// </summary>
public sealed class DashboardTests(KeyedWorldFixture fixture) : IClassFixture<KeyedWorldFixture>
{
    private TestWorld World => fixture.World;

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/index.min.js")]
    [InlineData("/dashboard/DashboardCounters")]
    public async Task Without_a_key_the_dashboard_is_a_401_that_makes_a_browser_ask_for_it(string path)
    {
        using var anonymous = World.Api();

        using var response = await anonymous.GetAsync(path);

        var detail = await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Equal("realm=\"AiCaller.Email dashboard\"", challenge.Parameter);
        Assert.Contains("password", detail);
    }

    [Fact]
    public async Task A_wrong_key_opens_no_dashboard_in_either_scheme()
    {
        foreach (var authorization in new[]
                 {
                     Basic("admin", "key-c-0123456789abcdef"),
                     Basic(TenantKeys.KeyA, "admin"),
                     Basic(string.Empty, string.Empty),
                     new AuthenticationHeaderValue("Basic", "not base64!"),
                     new AuthenticationHeaderValue("Bearer", "key-c-0123456789abcdef"),
                 })
        {
            using var client = World.Api();
            client.DefaultRequestHeaders.Authorization = authorization;
            using var response = await client.GetAsync("/dashboard/");
            await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task The_key_opens_the_dashboard_as_a_basic_password_with_any_user_name_or_as_a_bearer_token()
    {
        foreach (var authorization in new[]
                 {
                     Basic("admin", TenantKeys.KeyA),
                     Basic(string.Empty, TenantKeys.KeyB),
                     new AuthenticationHeaderValue("Bearer", TenantKeys.KeyA),
                 })
        {
            using var client = World.Api();
            client.DefaultRequestHeaders.Authorization = authorization;

            // The dashboard redirects to its trailing-slash URL, so that its page's relative links resolve under /dashboard/.
            using var redirect = await client.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal("/dashboard/", redirect.Headers.Location?.OriginalString);

            using var page = await client.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            using var script = await client.GetAsync("/dashboard/index.min.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Contains("DashboardCounters", await script.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_dashboards_data_names_the_silo()
    {
        using var client = World.Api();
        client.DefaultRequestHeaders.Authorization = Basic("admin", TenantKeys.KeyA);

        var silo = await ActiveSiloAsync(client);

        Assert.EndsWith($":{World.Setting("ORLEANS_SILO_PORT")}", silo.GetProperty("siloAddress").GetString()!.Split('@')[0]);
    }

    [Fact]
    public async Task The_trace_view_is_hidden()
    {
        using var client = World.Api(TenantKeys.KeyA);

        using var response = await client.GetAsync("/dashboard/Trace");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Basic_authentication_opens_the_dashboard_only()
    {
        using var client = World.Api();
        client.DefaultRequestHeaders.Authorization = Basic("admin", TenantKeys.KeyA);

        using var response = await client.GetAsync("/api/gmail/status");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Without_keys_the_dashboard_is_open_from_loopback()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:8000" });
        using var anonymous = world.Api();

        using var page = await anonymous.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        await ActiveSiloAsync(anonymous);
    }

    [Fact]
    public async Task Without_keys_a_non_loopback_binding_refuses_to_start_so_no_dashboard_is_exposed()
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:8000" });

        var failure = Assert.ThrowsAny<Exception>(() => world.Api());

        Assert.Contains("No API keys are configured", Messages(failure));
    }

    /// <summary>What the dashboard's page polls every second; the silo reports its counters about as often.</summary>
    private static async Task<JsonElement> ActiveSiloAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var counters = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var active = counters.GetProperty("hosts").EnumerateArray().Where(h => h.GetProperty("status").GetString() == "Active").ToList();
            if (active.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(active);
            }

            await Task.Delay(250);
        }
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", messages);
    }
}
