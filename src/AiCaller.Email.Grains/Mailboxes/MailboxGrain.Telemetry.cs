using System.Diagnostics;
using AiCaller.Email.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// Telemetry of the mailbox: every call, reminder and timer tick runs in the mailbox's logging scope (tenant, provider,
/// account), so that each line the grain and its providers write carries them, and the call's span names the mailbox.
/// Orleans delivers timer ticks and reminders through this filter as it does calls.
/// </summary>
public sealed partial class MailboxGrain : IIncomingGrainCallFilter
{
    private MailboxLogScope? _logScope;

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        // The span of this call; the account may be named in traces, never in metrics.
        if (Activity.Current is { } span)
        {
            TagMailbox(span);
        }

        using (BeginLogScope())
        {
            await context.Invoke();
        }
    }

    /// <summary>
    /// Work nobody asked for (a refresh by the timer or the keep-alive reminder) is a trace of its own, whose root names
    /// the mailbox: Orleans' spans of timer ticks and reminders start no trace (<see cref="TraceRootSampler"/>).
    /// </summary>
    private Activity? StartUnaskedWorkSpan(string name)
    {
        // Within the caller's async flow only: the caller is async, so its own caller keeps its current span.
        Activity.Current = null;
        var span = EmailTelemetry.Source.StartActivity(name, ActivityKind.Internal);
        if (span is not null)
        {
            TagMailbox(span);
        }

        return span;
    }

    private void TagMailbox(Activity span)
    {
        span.SetTag(EmailTelemetry.SpanTenant, _key.Tenant);
        span.SetTag(EmailTelemetry.SpanProvider, _key.Provider.ToSlug());
        span.SetTag(EmailTelemetry.SpanAccount, _key.Account);
    }

    /// <summary>The mailbox's logging scope, also for work that is not a call (activation). Needs <see cref="_key"/>.</summary>
    private IDisposable? BeginLogScope() => logger.BeginScope(_logScope ??= new MailboxLogScope(_key));
}
