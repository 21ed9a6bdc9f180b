using System.Text.Json;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Api.Telemetry;
using AiCaller.Email.Grains.Problems;
using Orleans.Runtime.Messaging;
using Microsoft.AspNetCore.Diagnostics;

namespace AiCaller.Email.Api.Problems;

/// <summary>Turns what escapes an endpoint into problem+json: our problems, unreadable requests, timeouts.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private const string WrongTypePrefix = "The JSON value could not be converted to ";
    private const string UnknownMemberText = " could not be mapped to any .NET member";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            MailboxProblemException problem => ProblemResponses.For(problem),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                ProblemResponses.For(ProblemCode.TooLarge, "The request body is larger than the configured limit"),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ProblemResponses.NotJson(httpContext.Request.ContentType),
            BadHttpRequestException when ParameterRules.DescribeUnreadableNumber(
                httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint, httpContext.Request.Query) is { } why => ProblemResponses.Invalid(why),
            // What else binding refuses in a JSON request is an empty body or JSON null, which the framework words for developers.
            BadHttpRequestException { InnerException: null } when httpContext.Request.HasJsonContentType() =>
                ProblemResponses.Invalid("the request body must be a JSON object, not empty or null"),
            BadHttpRequestException bad => ProblemResponses.Invalid(DescribeBadRequest(bad)),
            JsonException json => ProblemResponses.Invalid(DescribeJson(json)),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
                when IsSend(httpContext.Request) => SendCutShort(httpContext.Request),
            TimeoutException => ProblemResponses.For(ProblemCode.ProviderError, "The mailbox did not answer in time; try again"),
            SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException =>
                ProblemResponses.For(ProblemCode.Unavailable, "The silo that ran this mailbox went away and the cluster is moving it; retry in a few seconds", 5),
            _ => null,
        };

        using (RequestMailbox.BeginScope(logger, httpContext))
        {
            if (exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
            {
                logger.LogWarning("{Method} {Route} met a cluster failure: {Reason}", httpContext.Request.Method, RouteOf(httpContext), exception.Message);
            }

            if (result is null)
            {
                logger.LogError(exception, "Unhandled failure on {Method} {Route}", httpContext.Request.Method, RouteOf(httpContext));
                return false;
            }
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    // The route, not the path: a connect link's path is its token. The mailbox, if any, is in the log scope.
    private static string RouteOf(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Endpoint is RouteEndpoint { RoutePattern.RawText: { } route }
            ? route
            : context.Request.Path.ToString();

    private static bool IsSend(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Value?.EndsWith("/send", StringComparison.Ordinal) == true;

    // "Try again" is not safe advice for a send that may be under way at the provider.
    private static IResult SendCutShort(HttpRequest request) => request.Headers.ContainsKey("Idempotency-Key")
        ? ProblemResponses.For(ProblemCode.SendOutcomeUnknown,
            "The send was cut short (it timed out, or its silo went away) and may still reach the provider; retry with the same Idempotency-Key and the provider is asked first", 60)
        : ProblemResponses.For(ProblemCode.ProviderError,
            "The send was cut short (it timed out, or its silo went away) and may still reach the provider, so do not simply send it again; send with an Idempotency-Key to make a retry safe");

    private static string DescribeBadRequest(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? DescribeJson(json) : bad.Message;

    private static string DescribeJson(JsonException json)
    {
        var root = string.IsNullOrEmpty(json.Path) || json.Path == "$";
        var where = root ? "the request body" : $"'{json.Path!.TrimStart('$', '.')}'";
        return $"Invalid JSON at {where}: {Why(json.Message.Split(" Path:", 2)[0], root)}";
    }

    // System.Text.Json's messages name .NET types, ours and not always the right one (for a record's
    // constructor parameter it names the record); a client is told about JSON instead.
    private static string Why(string message, bool root) => message switch
    {
        _ when message.Contains(UnknownMemberText, StringComparison.Ordinal) => "unknown field",
        _ when !message.StartsWith(WrongTypePrefix, StringComparison.Ordinal) => message,
        _ when root => "expected a JSON object",
        _ when message.StartsWith(WrongTypePrefix + "System.String.", StringComparison.Ordinal) => "expected a string",
        _ when message.StartsWith(WrongTypePrefix + "System.Collections.", StringComparison.Ordinal) => "expected an array",
        _ => "the value has the wrong JSON type",
    };
}
