using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>The <c>outcome</c> tag of a failed provider operation is the problem code its caller gets.</summary>
public sealed class ProviderOutcomeTests
{
    public static TheoryData<Exception, string, string> Failures => new()
    {
        { new MailboxProblemException(ProblemCode.NotFound, "no such message"), ProviderOperation.Get, "not_found" },
        { new MailboxProblemException(ProblemCode.SendOutcomeUnknown, "may have been sent"), ProviderOperation.Send, "send_outcome_unknown" },
        { new TokenGrantException(TokenGrantFailure.InvalidGrant, "revoked"), ProviderOperation.Refresh, "token_invalid" },
        { new TokenGrantException(TokenGrantFailure.InvalidGrant, "bad code"), ProviderOperation.Exchange, "invalid_request" },
        { new TokenGrantException(TokenGrantFailure.InvalidClient, "wrong secret"), ProviderOperation.Refresh, "app_credentials_invalid" },
        { new TokenGrantException(TokenGrantFailure.RateLimited, "slow down", 30), ProviderOperation.Refresh, "rate_limited" },
        { new TokenGrantException(TokenGrantFailure.Transient, "503"), ProviderOperation.Refresh, "provider_error" },
        { new TokenGrantException(TokenGrantFailure.Rejected, "invalid_scope"), ProviderOperation.Refresh, "provider_error" },
        { new HttpRequestException("connection refused"), ProviderOperation.List, "provider_error" },
        { new TaskCanceledException("timed out"), ProviderOperation.List, "provider_error" },
        { new ProviderUnauthorizedException("401"), ProviderOperation.Profile, "provider_error" },
        { new InvalidOperationException("a defect"), ProviderOperation.Send, "error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_tagged_with_the_problem_code_the_caller_gets(Exception failure, string operation, string outcome) =>
        Assert.Equal(outcome, ProviderOutcome.Of(failure, operation));
}
