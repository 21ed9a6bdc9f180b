using System.Text.Json;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Diagnostics;

namespace AiCaller.Email.Api.Problems;

/// <summary>Turns what escapes an endpoint into problem+json: our problems, unreadable requests, timeouts.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            MailboxProblemException problem => ProblemResponses.For(problem),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ProblemResponses.For(ProblemCode.TooLarge, "The request body is larger than the configured limit"),
            BadHttpRequestException bad => ProblemResponses.Invalid(DescribeBadRequest(bad)),
            JsonException json => ProblemResponses.Invalid(DescribeJson(json)),
            TimeoutException => ProblemResponses.For(ProblemCode.ProviderError, "The mailbox did not answer in time; try again"),
            _ => null,
        };

        if (result is null)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            return false;
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static string DescribeBadRequest(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? DescribeJson(json) : bad.Message;

    private static string DescribeJson(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "the request body" : $"'{json.Path.TrimStart('$', '.')}'";
        var why = json.Message.Split(" Path:", 2)[0];
        return $"Invalid JSON at {where}: {why}";
    }
}
