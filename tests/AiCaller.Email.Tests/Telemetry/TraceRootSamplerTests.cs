using System.Diagnostics;
using AiCaller.Email.Grains.Telemetry;
using OpenTelemetry.Trace;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>A trace starts with a request to the host or a mailbox's own work; a span with a parent does as its parent did.</summary>
public sealed class TraceRootSamplerTests
{
    private static readonly ActivityContext Sampled = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
    private static readonly ActivityContext NotSampled = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);

    [Theory]
    [InlineData(TraceRootSampler.IncomingRequest, ActivityKind.Server, SamplingDecision.RecordAndSample)]
    [InlineData("gmail proactive refresh", ActivityKind.Internal, SamplingDecision.RecordAndSample)]
    // Orleans' calls nobody asked for: the dashboard's counters, a grain timer's tick, membership.
    [InlineData("IManagementGrain/GetRuntimeStatistics", ActivityKind.Client, SamplingDecision.Drop)]
    [InlineData("IGrainTimerInvoker/InvokeCallbackAsync", ActivityKind.Server, SamplingDecision.Drop)]
    [InlineData("IMembershipTable/ReadAllAsync", ActivityKind.Client, SamplingDecision.Drop)]
    // An HTTP call made outside a request or a mailbox's work.
    [InlineData("System.Net.Http.HttpRequestOut", ActivityKind.Client, SamplingDecision.Drop)]
    public void A_root_span_starts_a_trace_only_for_a_request_or_mailbox_work(string name, ActivityKind kind, SamplingDecision decision) =>
        Assert.Equal(decision, TraceRootSampler.ParentBased.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), name, kind)).Decision);

    [Theory]
    [InlineData(true, SamplingDecision.RecordAndSample)]
    [InlineData(false, SamplingDecision.Drop)]
    public void A_span_with_a_parent_follows_it_whatever_it_is(bool parentSampled, SamplingDecision decision)
    {
        var parent = parentSampled ? Sampled : NotSampled;
        foreach (var (name, kind) in new[] { ("IMailboxGrain/SendAsync", ActivityKind.Client), ("IReminderService/RegisterOrUpdateReminder", ActivityKind.Server), ("GET", ActivityKind.Client) })
        {
            Assert.Equal(decision, TraceRootSampler.ParentBased.ShouldSample(new SamplingParameters(parent, parent.TraceId, name, kind)).Decision);
        }
    }
}
