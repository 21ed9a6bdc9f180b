using System.Globalization;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>Answers 429 to a request beyond its target's rate limit, before any fault rule or endpoint sees it.</summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimiter limits, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var target = RequestTarget.Of(context.Request.Path);
        // Counted in the second the request log records it in, so that a histogram of the log matches the limit.
        var at = context.Features.Get<RequestAnnotations>()?.ArrivedAt ?? clock.GetUtcNow();
        if (target == RequestTarget.Control || limits.Throttle(target, at) is not { } rule)
        {
            await next(context);
            return;
        }

        if (rule.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await ProviderErrors.For(context, target, StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }
}
