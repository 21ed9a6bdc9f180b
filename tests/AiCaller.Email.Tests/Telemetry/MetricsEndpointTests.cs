using System.Net;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// GET /metrics is guarded like /api: by the API key when keys are configured (see <see cref="TelemetryRunTests"/>), and
/// in open mode served to loopback host names only.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Without_api_keys_metrics_are_open_like_the_api_to_loopback_names_only()
    {
        await using var world = await TestWorld.StartAsync(services: OwnMetrics.Only);
        using var api = world.Api();
        using (var status = await api.GetAsync("/api/gmail/status"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        using var metrics = await api.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains(PrometheusText.Parse(await metrics.Content.ReadAsStringAsync()), s => s.Name == "http_server_request_duration_seconds_count");

        // A page that rebinds its DNS name to 127.0.0.1 reads no metrics either.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        rebound.Headers.Host = "evil.example:8000";
        using var refused = await api.SendAsync(rebound);
        await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "invalid_request");
    }
}
