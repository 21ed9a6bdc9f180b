using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// The value of the <c>outcome</c> tag: <c>ok</c>, or the problem code the failure stands for (the code the caller
/// gets), so that a dashboard and an API client speak of the same things.
/// </summary>
public static class ProviderOutcome
{
    public const string Ok = "ok";

    /// <summary>Something the product did not expect (a defect, not the provider's answer).</summary>
    public const string Unexpected = "error";

    public static string Of(Exception failure, string operation) => failure switch
    {
        MailboxProblemException problem => problem.Code.ToSlug(),
        TokenGrantException grant => Of(grant.Failure, operation),
        ProviderUnauthorizedException or HttpRequestException or TimeoutException or OperationCanceledException =>
            ProblemCode.ProviderError.ToSlug(),
        _ => Unexpected,
    };

    /// <summary>A token endpoint's refusal, as the mailbox grain reports it.</summary>
    public static string Of(TokenGrantFailure failure, string operation) => failure switch
    {
        // A refused authorization code is the caller's bad request; a refused refresh token is a lost grant.
        TokenGrantFailure.InvalidGrant when operation == ProviderOperation.Exchange => ProblemCode.InvalidRequest.ToSlug(),
        TokenGrantFailure.InvalidGrant => ProblemCode.TokenInvalid.ToSlug(),
        TokenGrantFailure.InvalidClient => ProblemCode.AppCredentialsInvalid.ToSlug(),
        TokenGrantFailure.RateLimited => ProblemCode.RateLimited.ToSlug(),
        _ => ProblemCode.ProviderError.ToSlug(),
    };
}
