namespace AiCaller.Email.Silo;

/// <summary>What a headless silo listens on when nothing else is configured.</summary>
internal static class SiloDefaults
{
    /// <summary>Health endpoints (and /metrics) only, on every interface, so that an orchestrator in another container can reach them.</summary>
    public const string HealthUrls = "http://0.0.0.0:8081";

    /// <summary>The silo's <c>service.name</c> in traces and OTLP metrics, unless OTEL_SERVICE_NAME says otherwise.</summary>
    public const string ServiceName = "aicaller-email-silo";
}
