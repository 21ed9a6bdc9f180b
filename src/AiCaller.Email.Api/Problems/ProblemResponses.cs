using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Problems;

/// <summary>The one mapping from our problem codes to RFC 9457 answers, with the extra <c>code</c> member.</summary>
public static class ProblemResponses
{
    public static IResult For(ProblemCode code, string detail, int? retryAfterSeconds = null)
    {
        var status = code.ToHttpStatus();
        var problem = TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: TitleOf(code),
            type: $"https://aicaller.email/problems/{code.ToSlug()}",
            extensions: new Dictionary<string, object?> { ["code"] = code.ToSlug() });
        return retryAfterSeconds is { } seconds ? new WithRetryAfter(problem, seconds) : problem;
    }

    public static IResult For(MailboxProblemException problem) => For(problem.Code, problem.Detail, problem.RetryAfterSeconds);

    public static IResult Invalid(string detail) => For(ProblemCode.InvalidRequest, detail);

    private static string TitleOf(ProblemCode code) => code switch
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
        ProblemCode.RateLimited => "Rate limited by the provider",
        ProblemCode.ProviderError => "Provider error",
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
