using System.Diagnostics;
using OpenTelemetry.Trace;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// Which spans start a trace: an HTTP request to the host, or a mailbox's own work (a refresh by its timer or keep-alive
/// reminder, the only spans of kind Internal among the sources traced). Orleans' calls that no request made (grain
/// timers, membership, reminders, the dashboard's counters every second) start none: they would fill a trace store with
/// thousands of traces an hour. A span with a parent follows its parent's decision (<see cref="ParentBasedSampler"/>),
/// so the Orleans spans of a request's grain calls are kept.
/// </summary>
public sealed class TraceRootSampler : Sampler
{
    /// <summary>The name of ASP.NET Core's activity of an incoming request, as a sampler sees it.</summary>
    public const string IncomingRequest = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Start = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

    public static Sampler ParentBased { get; } = new ParentBasedSampler(new TraceRootSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Internal || samplingParameters.Name == IncomingRequest ? Start : Skip;
}
