using System.Net;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Edge;

/// <summary>
/// In open mode the host serves only requests addressed to localhost, 127.0.0.1 or [::1], so that a web page rebinding
/// its DNS name to 127.0.0.1 cannot read or send the operator's mail. The API runs as its own process on a loopback
/// port, as `dotnet run` starts it, and is asked with the Host header a browser would send.
/// </summary>
public sealed class OpenModeHostTests
{
    [Fact]
    public async Task Without_keys_only_loopback_host_names_are_served()
    {
        await using var world = await ProcessWorld.StartAsync();
        await using var api = await world.StartApiAsync();
        using var http = api.Client();
        var port = api.BaseUrl.Port;

        foreach (var host in new[] { "evil.example:8000", $"evil.example:{port}", "evil.example", $"127.0.0.1.nip.io:{port}", $"localhost.evil.example:{port}" })
        {
            foreach (var path in new[] { "/api/gmail/messages", "/api/outlook/status", "/api/health/integrations", "/docs", "/readyz" })
            {
                using var refused = await SendAsync(http, path, host);
                var detail = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "invalid_request");
                Assert.Contains("localhost, 127.0.0.1 or [::1]", detail);
            }
        }

        foreach (var host in new[] { $"localhost:{port}", $"127.0.0.1:{port}", $"[::1]:{port}", "LocalHost", "127.0.0.1:1" })
        {
            using var served = await SendAsync(http, "/api/gmail/status", host);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"Host {host}: {(int)served.StatusCode} {await served.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task With_keys_any_host_name_is_served_to_a_caller_with_a_key()
    {
        await using var world = await ProcessWorld.StartAsync();
        foreach (var (key, value) in TenantKeys.Settings)
        {
            world.Settings[key] = value;
        }

        await using var api = await world.StartApiAsync();
        using var http = api.Client();

        using var anonymous = await SendAsync(http, "/api/gmail/status", "mail.example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/gmail/status");
        request.Headers.Host = "mail.example.com";
        request.Headers.Authorization = new("Bearer", TenantKeys.KeyA);
        using var keyed = await http.SendAsync(request);

        await ProblemAssert.IsProblem(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return http.SendAsync(request);
    }
}
