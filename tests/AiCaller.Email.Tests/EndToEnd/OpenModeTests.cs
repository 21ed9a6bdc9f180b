using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>
/// Without API_KEYS the API is open as tenant <c>default</c>, which the host allows only when it listens on
/// loopback addresses. The settings are the ones ASP.NET Core itself reads (<c>urls</c>, <c>HTTP_PORTS</c>,
/// <c>Kestrel:Endpoints</c>), whether they come from <c>ASPNETCORE_*</c> variables or the command line.
/// </summary>
public sealed class OpenModeTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:8000", "http://0.0.0.0:8000")]
    [InlineData("urls", "http://+:80", "http://+:80")]
    [InlineData("urls", "http://*:80", "http://*:80")]
    [InlineData("urls", "http://[::]:80", "http://[::]:80")]
    [InlineData("urls", "https://+:443", "https://+:443")]
    [InlineData("urls", "http://mail.example.com:8000", "http://mail.example.com:8000")]
    [InlineData("urls", "http://10.1.2.3:8000", "http://10.1.2.3:8000")]
    [InlineData("urls", "http://localhost:8000;http://0.0.0.0:9000", "http://0.0.0.0:9000")]
    [InlineData("HTTP_PORTS", "8080", "8080")]
    [InlineData("HTTPS_PORTS", "8443", "8443")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:8001", "http://0.0.0.0:8001")]
    public async Task Without_keys_a_non_loopback_binding_refuses_to_start(string setting, string value, string named)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { [setting] = value });

        var failure = Assert.ThrowsAny<Exception>(() => world.Host.Services);

        var message = string.Join(" | ", Chain(failure).Select(e => e.Message));
        Assert.Contains("No API keys are configured", message);
        Assert.Contains(named, message);
        Assert.Contains("API_KEYS", message);
    }

    [Theory]
    [InlineData("http://localhost:8000")]
    [InlineData("http://127.0.0.1:8000")]
    [InlineData("http://[::1]:8000")]
    [InlineData("http://localhost:8000;http://127.0.0.1:8001")]
    public async Task Without_keys_a_loopback_binding_starts_open_as_tenant_default(string urls)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["urls"] = urls });
        using var anonymous = world.Api();
        var email = TestWorld.NewEmail();

        await world.ConnectAsync(anonymous, "/api/gmail", email);

        var status = await anonymous.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.Equal(email, status.GetProperty("email").GetString());
        var health = await anonymous.GetFromJsonAsync<JsonElement>("/api/health/integrations");
        Assert.Equal(1, health.GetProperty("integrations").GetProperty("gmail").GetProperty("accounts").GetProperty("connected").GetInt32());

        // Any key is beside the point: every request is tenant default.
        using var withSomeKey = world.Api("whatever-key");
        var seen = await withSomeKey.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal(email, seen.GetProperty("email").GetString());
        Assert.Contains(world.Host.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("NO API KEYS CONFIGURED"));
    }

    [Fact]
    public async Task Without_keys_or_any_binding_the_default_localhost_8000_starts_open_and_its_docs_ask_for_no_key()
    {
        await using var world = await TestWorld.StartAsync();
        using var anonymous = world.Api();

        using var response = await anonymous.GetAsync("/api/gmail/status");
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(document.TryGetProperty("components", out var components) && components.TryGetProperty("securitySchemes", out _));
        Assert.DoesNotContain(
            document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()),
            operation => operation.Value.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task With_keys_a_non_loopback_binding_starts_and_asks_for_a_key()
    {
        var settings = new Dictionary<string, string?>(TenantKeys.Settings) { ["urls"] = "http://0.0.0.0:8000" };
        await using var world = await TestWorld.StartAsync(settings);
        using var anonymous = world.Api();
        using var tenantA = world.Api(TenantKeys.KeyA);

        using var refused = await anonymous.GetAsync("/api/gmail/status");
        using var allowed = await tenantA.GetAsync("/api/gmail/status");

        await ProblemAssert.IsProblem(refused, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.DoesNotContain(world.Host.Logs.Lines, line => line.Contains("NO API KEYS CONFIGURED"));
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
