using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// Keeps a test host's meter provider to its own host's instruments. OpenTelemetry subscribes to meters by name,
/// process-wide: in a test process with many hosts it would also take every other host's instruments of the same
/// names, merge them with its own (the SDK warns of duplicates) and drop a series when another host that has it stops.
/// A production process has one host, and needs none of this.
/// </summary>
public static class OwnMetrics
{
    public static void Only(IServiceCollection services) =>
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null);
        });
}
