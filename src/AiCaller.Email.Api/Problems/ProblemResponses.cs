using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Problems;

/// <summary>The one mapping from our problem codes to RFC 9457 answers, with the extra <c>code</c> member.</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static IResult For(ProblemCode code, string detail, int? retryAfterSeconds = null)
    {
        var problem = Problem(StatusOf(code), TitleOf(code), code, detail);
        return retryAfterSeconds is { } seconds ? new WithRetryAfter(problem, seconds) : problem;
    }

    public static IResult For(MailboxProblemException problem) => For(problem.Code, problem.Detail, problem.RetryAfterSeconds);

    public static IResult Invalid(string detail) => For(ProblemCode.InvalidRequest, detail);

    /// <summary>A body that is not declared as JSON: 415, as HTTP has it, with the code of any invalid input.</summary>
    public static IResult NotJson(string? contentType) => Problem(
        StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", ProblemCode.InvalidRequest, NotJsonDetail(contentType));

    public static string NotJsonDetail(string? contentType) => string.IsNullOrEmpty(contentType)
        ? "Content-Type must be application/json; the request has none"
        : $"Content-Type must be application/json, not '{contentType}'";

    private static ProblemHttpResult Problem(int status, string title, ProblemCode code, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: title,
        type: $"https://aicaller.email/problems/{code.ToSlug()}",
        extensions: new Dictionary<string, object?> { ["code"] = code.ToSlug() });

    /// <summary>The HTTP status each problem code is answered with (SPEC §4's error table).</summary>
    public static int StatusOf(ProblemCode code) => code switch
    {
        ProblemCode.InvalidRequest => StatusCodes.Status400BadRequest,
        ProblemCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemCode.NotConfigured => StatusCodes.Status503ServiceUnavailable,
        ProblemCode.NotConnected => StatusCodes.Status409Conflict,
        ProblemCode.TokenInvalid => StatusCodes.Status409Conflict,
        ProblemCode.NotFound => StatusCodes.Status404NotFound,
        ProblemCode.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemCode.IdempotencyConflict => StatusCodes.Status409Conflict,
        ProblemCode.AppCredentialsInvalid => StatusCodes.Status503ServiceUnavailable,
        ProblemCode.RateLimited => StatusCodes.Status429TooManyRequests,
        ProblemCode.ProviderError => StatusCodes.Status502BadGateway,
        ProblemCode.LimitReached => StatusCodes.Status409Conflict,
        ProblemCode.StateUnreadable => StatusCodes.Status409Conflict,
        ProblemCode.SendOutcomeUnknown => StatusCodes.Status503ServiceUnavailable,
        ProblemCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The title of each problem code's answers; the OpenAPI document explains the codes with it.</summary>
    public static string TitleOf(ProblemCode code) => code switch
    {
        ProblemCode.InvalidRequest => "Invalid request",
        ProblemCode.Unauthorized => "Unauthorized",
        ProblemCode.NotConfigured => "Provider not configured",
        ProblemCode.NotConnected => "Mailbox not connected",
        ProblemCode.TokenInvalid => "Mailbox token is invalid",
        ProblemCode.NotFound => "Not found",
        ProblemCode.TooLarge => "Request too large",
        ProblemCode.IdempotencyConflict => "Idempotency key conflict",
        ProblemCode.AppCredentialsInvalid => "App credentials rejected",
        ProblemCode.RateLimited => "Rate limited",
        ProblemCode.ProviderError => "Provider error",
        ProblemCode.LimitReached => "Limit reached",
        ProblemCode.StateUnreadable => "Stored state unreadable",
        ProblemCode.SendOutcomeUnknown => "Send outcome unknown",
        ProblemCode.Unavailable => "Temporarily unavailable",
        _ => "Error",
    };

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
