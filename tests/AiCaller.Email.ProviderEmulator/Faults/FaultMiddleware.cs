using System.Globalization;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>
/// Answers a request with an armed fault instead of the real endpoint, or spoils the real endpoint's answer after it has
/// done its work; the request log still sees it.
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var target = RequestTarget.Of(context.Request.Path);
        var rule = target == RequestTarget.Control ? null : faults.TryTake(target, context.Request.Path);
        if (rule is null)
        {
            await next(context);
            return;
        }

        if (rule.DelayMs is int delay && delay > 0)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (rule.Status == 0)
        {
            await (rule.AfterHandling ? HandleThenSpoilAsync(context, rule) : next(context));
            return;
        }

        await AnswerAsync(context, target, rule);
    }

    /// <summary>Answers with the rule's status instead of the endpoint: its body, or the provider's error for that status.</summary>
    public static async Task AnswerAsync(HttpContext context, string target, FaultRule rule)
    {
        if ((rule.RetryAfterValue ?? rule.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture)) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (rule.Body is { } body)
        {
            context.Response.StatusCode = rule.Status;
            context.Response.ContentType = ContentTypeOf(body);
            await context.Response.WriteAsync(body, context.RequestAborted);
            return;
        }

        await ProviderErrors.For(context, target, rule.Status).ExecuteAsync(context);
    }

    /// <summary>
    /// Runs the real endpoint into a buffer, so that nothing reaches the caller, then holds and/or drops the answer.
    /// Nothing has been sent before the abort, so the caller sees the connection end without a response.
    /// </summary>
    private async Task HandleThenSpoilAsync(HttpContext context, FaultRule rule)
    {
        var wire = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
            await context.Response.CompleteAsync();
        }
        finally
        {
            context.Response.Body = wire;
        }

        if (rule.HoldAfterHandlingMs is int hold && hold > 0)
        {
            try
            {
                await Task.Delay(hold, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The caller went away while the answer was held: there is no one left to answer.
                return;
            }
        }

        if (rule.DropAfterHandling)
        {
            context.Abort();
            return;
        }

        if (rule.Body is { } body)
        {
            context.Response.Headers.ContentLength = null;
            context.Response.ContentType = ContentTypeOf(body);
            await context.Response.WriteAsync(body, context.RequestAborted);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(wire, context.RequestAborted);
    }

    private static string ContentTypeOf(string body) =>
        body.TrimStart().StartsWith('{') ? "application/json; charset=UTF-8" : "text/html; charset=UTF-8";
}
