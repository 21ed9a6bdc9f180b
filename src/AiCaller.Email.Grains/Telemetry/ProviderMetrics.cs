using System.Diagnostics;
using System.Diagnostics.Metrics;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>What the mailboxes ask of their providers: each operation with its outcome and duration, and every token refresh.</summary>
public sealed class ProviderMetrics
{
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _refreshes;

    public ProviderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(EmailTelemetry.Name);
        _calls = meter.CreateCounter<long>(
            "aicaller.email.provider.calls", "{call}", "Operations a mailbox asked of its provider, by provider, operation and outcome");
        _duration = meter.CreateHistogram<double>(
            "aicaller.email.provider.call.duration", "s", "How long a provider operation took, retries and a forced refresh included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 100] });
        _refreshes = meter.CreateCounter<long>(
            "aicaller.email.token.refreshes", "{refresh}", "Access-token refreshes, by provider and outcome (ok or why it failed)");
    }

    public void RecordCall(ProviderName provider, string operation, string outcome, TimeSpan duration)
    {
        var tags = new TagList
        {
            { EmailTelemetry.ProviderTag, provider.ToSlug() },
            { EmailTelemetry.OperationTag, operation },
            { EmailTelemetry.OutcomeTag, outcome },
        };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
        if (operation == ProviderOperation.Refresh)
        {
            _refreshes.Add(1, new TagList { { EmailTelemetry.ProviderTag, provider.ToSlug() }, { EmailTelemetry.OutcomeTag, outcome } });
        }
    }
}
