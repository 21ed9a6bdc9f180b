namespace AiCaller.Email.Tests.Telemetry;

/// <summary>
/// Tests that read a host's telemetry run alone, after the tests that run in parallel: OpenTelemetry's listeners are
/// process-wide, so a host would also record the spans of every other host in the test process (and, without
/// <see cref="OwnMetrics"/>, their instruments too).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry of one host";
}
