using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Api.Telemetry;

/// <summary>
/// Runs a mailbox endpoint in the mailbox's logging scope (tenant, provider, account), the scope its grain works in, and
/// leaves the mailbox on the request (<see cref="RequestMailbox"/>) for what logs after the endpoint returned or threw:
/// the problem handler runs outside this scope. A middleware after authorisation rather than an endpoint filter: a
/// filter moves every handler onto minimal APIs' boxed path, which the routed-path profile showed on every request.
/// </summary>
public sealed class MailboxLogScopeMiddleware(RequestDelegate next, ILogger<MailboxLogScopeMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context) =>
        MailboxOf(context) is { } key ? InScopeAsync(context, key) : next(context);

    private async Task InScopeAsync(HttpContext context, MailboxKey key)
    {
        context.Features.Set(new RequestMailbox(key));
        using (logger.BeginScope(new MailboxLogScope(key)))
        {
            await next(context);
        }
    }

    // An account id that is not valid names no mailbox: the handler answers 400 for it.
    private static MailboxKey? MailboxOf(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<MailboxEndpoint>() is not { } mailbox || metadata.GetMetadata<ProviderRoute>() is not { } provider
            || context.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var account = mailbox.UnderAccounts ? context.Request.RouteValues["account"] as string : MailboxKey.DefaultAccount;
        return account is not null && MailboxKey.IsValidIdentifier(account)
            ? MailboxKey.Create(provider.Name, TenantClaims.TenantOf(context.User), account)
            : null;
    }
}
