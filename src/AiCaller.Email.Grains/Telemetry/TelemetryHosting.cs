using AiCaller.Email.Grains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// OpenTelemetry for every process of the product (the API, embedded or client, and the headless silo): metrics for a
/// Prometheus scrape at <c>/metrics</c>; and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces from the HTTP
/// request through the grain call to the provider's HTTP requests, with metrics and logs, over OTLP.
/// </summary>
public static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";

    private const string RequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string RouteMatching = "Microsoft.AspNetCore.Routing.Matching";

    // Requests that orchestrators, scrapers and an open dashboard repeat all day: measured, but not traced.
    private static readonly PathString[] Untraced = [MetricsPath, "/healthz", "/readyz", EmailDashboard.RoutePrefix];

    /// <param name="secretRoutes">Routes whose path is a secret (a connect link's), shown in spans as the route.</param>
    public static IHostApplicationBuilder AddEmailTelemetry(this IHostApplicationBuilder builder, string serviceName, params string[] secretRoutes)
    {
        // ASP.NET Core's request lines ("Request starting GET .../oauth/callback?code=...") carry the query string, an
        // OAuth callback's query is the authorization code, and a connect link's path is its token; the request's log
        // scope (RequestPath), which every line of the request carries, exists only while this category is on. The
        // route matcher's debug lines name the path too. Neither is written, whatever the configured level (added after
        // the configuration's rules, these win); the HTTP server spans and metrics tell of requests.
        builder.Logging.AddFilter(RequestLines, LogLevel.None);
        builder.Logging.AddFilter(RouteMatching, LogLevel.Information);
        var redaction = new SpanRedaction(secretRoutes);

        builder.Services.AddSingleton<MailboxCountsGauge>();
        var telemetry = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over the default name.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(EmailTelemetry.Name, EmailTelemetry.OrleansMeter, "System.Runtime")
                .AddInstrumentation(services => services.GetRequiredService<MailboxCountsGauge>())
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());

        if (ExportsOverOtlp(builder.Configuration))
        {
            // Spans leave the process only over OTLP: without an endpoint, recording them would cost every request for nothing.
            telemetry.WithTracing(tracing => tracing
                .SetSampler(TraceRootSampler.ParentBased)
                .AddSource(EmailTelemetry.Name, EmailTelemetry.OrleansGrainCalls, EmailTelemetry.OrleansRuntimeCalls)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !Untraced.Any(path => context.Request.Path.StartsWithSegments(path));
                    options.EnrichWithHttpRequest = SpanRedaction.IncomingRequest;
                    options.EnrichWithHttpResponse = redaction.IncomingResponse;
                })
                .AddHttpClientInstrumentation(options => options.EnrichWithHttpRequestMessage = SpanRedaction.OutgoingRequest));

            // The exporter reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.WithLogging(configureBuilder: null, configureOptions: options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>For the start-up banner: where OTLP export goes, or the setting that turns it on.</summary>
    public static string DescribeOtlpExport(IConfiguration configuration) =>
        ExportsOverOtlp(configuration)
            // Scheme, host, port and path only: whatever else is there is not for a log.
            ? $"traces, metrics and logs exported over OTLP to {(Uri.TryCreate(configuration[SettingNames.OtlpEndpoint], UriKind.Absolute, out var uri) ? SpanRedaction.WithoutQuery(uri) : "(not a URL)")}"
            : $"set {SettingNames.OtlpEndpoint} to export traces, metrics and logs over OTLP";

    /// <summary>The one rule for whether the host exports over OTLP, and so records spans (<see cref="HostSettings.ExportsOverOtlp"/>).</summary>
    public static bool ExportsOverOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[SettingNames.OtlpEndpoint]);

    /// <summary>The Prometheus scrape endpoint; the caller decides who may read it.</summary>
    public static IEndpointConventionBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
}
