using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;

namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>Records every non-control request with its final status, including faulted ones.</summary>
public sealed class RequestLogMiddleware(
    RequestDelegate next, RequestJournal journal, GoogleIdentityStore identity, MicrosoftIdentityStore microsoft, ConcurrencyMeter concurrency,
    TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var target = RequestTarget.Of(context.Request.Path);
        if (target == RequestTarget.Control)
        {
            await next(context);
            return;
        }

        var at = clock.GetUtcNow();
        // The token's state must be taken before the endpoint runs: a revoke call changes it.
        var header = context.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var lookup = target == RequestTarget.Graph ? microsoft.LookupAccessToken(bearer) : identity.LookupAccessToken(bearer);
        var annotations = new RequestAnnotations { User = lookup.Email, ArrivedAt = at };
        if (target is RequestTarget.GoogleToken or RequestTarget.MicrosoftToken && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            annotations.GrantType = form["grant_type"].ToString();
            // Known before the endpoint runs, so that a refresh a rate limit or fault answers still says whose it was.
            if (annotations.GrantType == "refresh_token")
            {
                var refreshToken = form["refresh_token"].ToString();
                annotations.User = target == RequestTarget.GoogleToken ? identity.RefreshTokenUser(refreshToken) : microsoft.RefreshTokenUser(refreshToken);
            }
        }

        context.Features.Set(annotations);
        using var inFlight = lookup.Email is { } user && target is RequestTarget.Gmail or RequestTarget.Graph ? concurrency.Enter(user) : null;
        try
        {
            await next(context);
        }
        finally
        {
            journal.Add(new RequestLogEntry(target, context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", context.Response.StatusCode, lookup.State.ToString().ToLowerInvariant(),
                string.IsNullOrEmpty(annotations.GrantType) ? null : annotations.GrantType, annotations.User, at, annotations.Parts));
        }
    }
}
