using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Api.Telemetry;

/// <summary>The mailbox a request addresses, set as its endpoint starts (<see cref="MailboxLogScopeMiddleware"/>).</summary>
public sealed record RequestMailbox(MailboxKey Key)
{
    /// <summary>The mailbox's logging scope for a line written about <paramref name="context"/>'s request, if it names one.</summary>
    public static IDisposable? BeginScope(ILogger logger, HttpContext context) =>
        context.Features.Get<RequestMailbox>() is { } mailbox ? logger.BeginScope(new MailboxLogScope(mailbox.Key)) : null;
}
