using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Cluster;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>Telemetry of the cluster: the grains' metrics on the silos, and one trace from the API client into a silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTelemetryTests
{
    [Fact]
    public async Task A_silo_serves_the_mailbox_metrics_on_its_health_port_and_continues_the_trace_of_an_api_request()
    {
        // Traces are recorded where they can be exported: the cluster exports to a collector of the test's.
        await using var collector = await OtlpCollector.StartAsync();
        await using var world = await ClusterWorld.StartAsync(silos: 1, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using var api = world.Api.Client();
        var account = TestWorld.NewAccount();
        var path = $"/api/gmail/accounts/{account}";

        // The callback arrives with a trace of the caller's: the API continues it, and Orleans carries it to the silo.
        var traceId = ActivityTraceId.CreateRandom();
        var start = await api.GetFromJsonAsync<JsonElement>($"{path}/oauth/start");
        var callback = await world.Emulator.Control.ConsentAsync(new Uri(start.GetProperty("auth_url").GetString()!), TestWorld.NewEmail());
        using (var request = new HttpRequestMessage(HttpMethod.Get, callback.PathAndQuery))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using var connected = await api.SendAsync(request);
            Assert.True(connected.StatusCode == HttpStatusCode.OK, await connected.Content.ReadAsStringAsync());
        }

        using (var sent = await api.PostAsJsonAsync($"{path}/send", new { to = "someone@example.org", subject = "s", body = "b" }))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        // The silo's health port serves /metrics without a key: the grains' provider calls and their activations are there.
        using var silo = new HttpClient { BaseAddress = world.Silos[0].HealthUrl };
        var siloMetrics = PrometheusText.Parse(await silo.GetStringAsync("/metrics"));
        Assert.Contains(siloMetrics, s => s.Name == "aicaller_email_provider_calls_total" && s.Has("provider", "gmail") && s.Has("operation", "send")
            && s.Has("outcome", "ok"));
        Assert.Contains(siloMetrics, s => s.Name == "orleans_grains" && s.Has("grain_type", "mailbox") && s.Value >= 1);
        Assert.Contains(siloMetrics, s => s.Name == "aicaller_email_mailboxes" && s.Has("provider", "gmail") && s.Has("status", "connected"));

        // The API, an Orleans client, measures its requests (and the cluster's mailbox counts); provider calls are the silos'.
        var apiMetrics = PrometheusText.Parse(await api.GetStringAsync("/metrics"));
        Assert.Contains(apiMetrics, s => s.Name == "http_server_request_duration_seconds_count" && s.Has("http_request_method", "POST")
            && s.Labels.TryGetValue("http_route", out var route) && route.EndsWith("/accounts/{account}/send", StringComparison.Ordinal));
        Assert.DoesNotContain(apiMetrics, s => s.Name == "aicaller_email_provider_calls_total");

        // The grain's log line on the silo is in the caller's trace, and in the mailbox's scope.
        Assert.Contains(world.Silos[0].Output, line => line.Contains($"TraceId:{traceId}", StringComparison.Ordinal)
            && line.Contains($"tenant:default provider:gmail account:{account}", StringComparison.Ordinal));
        world.AssertNoServerErrors();
    }
}
