using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Api.Telemetry;

/// <summary>
/// Runs a mailbox route's handler in the mailbox's logging scope (tenant, provider, account), the scope its grain works
/// in, and leaves the mailbox on the request (<see cref="RequestMailbox"/>) for what logs after the handler returned or
/// threw: the problem handler runs outside this scope.
/// </summary>
public sealed class MailboxLogScopeFilter(ILogger<MailboxLogScopeFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (MailboxOf(context) is not { } key)
        {
            return await next(context);
        }

        context.HttpContext.Features.Set(new RequestMailbox(key));
        using (logger.BeginScope(new MailboxLogScope(key)))
        {
            return await next(context);
        }
    }

    // An account id that is not valid names no mailbox: the handler answers 400 for it.
    private static MailboxKey? MailboxOf(EndpointFilterInvocationContext context) =>
        context.Arguments.OfType<IMailboxRoute>().FirstOrDefault() switch
        {
            AccountRoute { Account: var account } when !MailboxKey.IsValidIdentifier(account) => null,
            { } route => route.Key,
            null => null,
        };
}
