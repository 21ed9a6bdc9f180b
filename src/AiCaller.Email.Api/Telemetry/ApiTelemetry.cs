using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Api.Telemetry;

/// <summary>
/// The API's telemetry (Grains/Telemetry/ for what it holds), and GET /metrics, the Prometheus scrape, behind the same
/// API key as /api (and, in open mode, served to loopback names only, like the API). Any tenant's key reads it: the
/// series name no tenant and no account, but their numbers are totals over all tenants.
/// </summary>
public static class ApiTelemetry
{
    /// <summary>The API's <c>service.name</c> in traces and OTLP exports, unless OTEL_SERVICE_NAME says otherwise.</summary>
    public const string ServiceName = "aicaller-email-api";

    public static WebApplicationBuilder AddApiTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddEmailTelemetry(ServiceName, ConnectLinkApi.LinkRoute);
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapMetricsEndpoint().RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
