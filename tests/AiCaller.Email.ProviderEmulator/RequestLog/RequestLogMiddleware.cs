using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>Records every non-control request with its final status, including faulted ones.</summary>
public sealed class RequestLogMiddleware(
    RequestDelegate next, RequestJournal journal, GoogleIdentityStore identity, ConcurrencyMeter concurrency, TimeProvider clock)
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
        var lookup = identity.LookupAccessToken(bearer);
        var annotations = new RequestAnnotations { User = lookup.Email };
        if (target == RequestTarget.GoogleToken && context.Request.HasFormContentType)
        {
            annotations.GrantType = (await context.Request.ReadFormAsync(context.RequestAborted))["grant_type"].ToString();
        }

        context.Features.Set(annotations);
        using var inFlight = lookup.Email is { } user && target == RequestTarget.Gmail ? concurrency.Enter(user) : null;
        try
        {
            await next(context);
        }
        finally
        {
            journal.Add(new RequestLogEntry(target, context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", context.Response.StatusCode, lookup.State.ToString().ToLowerInvariant(),
                string.IsNullOrEmpty(annotations.GrantType) ? null : annotations.GrantType, annotations.User, at));
        }
    }
}
