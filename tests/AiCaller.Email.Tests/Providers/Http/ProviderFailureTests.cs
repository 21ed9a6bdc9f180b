using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Providers.Http;

namespace AiCaller.Email.Tests.Providers.Http;

/// <summary>The one mapping of a provider's failing answer to a problem, for Gmail and Graph alike.</summary>
public sealed class ProviderFailureTests
{
    public static TheoryData<ProviderName, int, string?, bool, string> Statuses => new()
    {
        { ProviderName.Gmail, 404, "notFound", false, "not_found" },
        { ProviderName.Outlook, 404, "ErrorItemNotFound", false, "not_found" },
        { ProviderName.Outlook, 400, "ErrorInvalidIdMalformed", false, "not_found" },
        { ProviderName.Gmail, 400, "invalidArgument", false, "invalid_request" },
        { ProviderName.Outlook, 400, "ErrorInvalidRecipients", true, "invalid_request" },
        { ProviderName.Gmail, 413, null, true, "too_large" },
        { ProviderName.Outlook, 413, null, true, "too_large" },
        { ProviderName.Gmail, 429, "rateLimitExceeded", false, "rate_limited" },
        { ProviderName.Outlook, 429, "ApplicationThrottled", true, "rate_limited" },
        { ProviderName.Gmail, 403, "rateLimitExceeded", false, "rate_limited" },
        { ProviderName.Gmail, 403, "userRateLimitExceeded", true, "rate_limited" },
        { ProviderName.Gmail, 403, "insufficientPermissions", false, "provider_error" },
        { ProviderName.Outlook, 403, "ErrorAccessDenied", false, "provider_error" },
        { ProviderName.Gmail, 503, "backendError", false, "provider_error" },
        { ProviderName.Outlook, 500, null, false, "provider_error" },
        { ProviderName.Gmail, 500, "backendError", true, "send_outcome_unknown" },
        { ProviderName.Outlook, 503, null, true, "send_outcome_unknown" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_status_maps_to_one_problem_code_whichever_provider_answered(ProviderName provider, int status, string? reason, bool sends, string code)
    {
        var failure = Assert.IsType<MailboxProblemException>(ProviderFailure.OfStatus(provider, status, reason, "why", null, sends));

        Assert.Equal(code, failure.Code.ToSlug());
    }

    [Theory]
    [InlineData(ProviderName.Gmail, false)]
    [InlineData(ProviderName.Outlook, true)]
    public void A_401_is_the_refusal_the_grain_refreshes_for(ProviderName provider, bool sends)
    {
        Assert.IsType<ProviderUnauthorizedException>(ProviderFailure.OfStatus(provider, 401, "authError", "expired", null, sends));
    }

    [Fact]
    public void Throttling_passes_the_providers_wait_on_and_thirty_seconds_when_it_gave_none()
    {
        var told = (MailboxProblemException)ProviderFailure.OfStatus(ProviderName.Outlook, 429, null, "slow down", TimeSpan.FromSeconds(90), sends: false);
        var untold = (MailboxProblemException)ProviderFailure.OfStatus(ProviderName.Gmail, 403, "rateLimitExceeded", "slow down", null, sends: false);
        var other = (MailboxProblemException)ProviderFailure.OfStatus(ProviderName.Gmail, 404, "notFound", "gone", TimeSpan.FromSeconds(90), sends: false);

        Assert.Equal(90, told.RetryAfterSeconds);
        Assert.Equal(30, untold.RetryAfterSeconds);
        Assert.Null(other.RetryAfterSeconds);
    }

    [Fact]
    public void The_detail_names_the_service_the_status_and_the_providers_reason()
    {
        var gmail = (MailboxProblemException)ProviderFailure.OfStatus(ProviderName.Gmail, 404, "notFound", "Requested entity was not found.", null, sends: false);
        var graph = (MailboxProblemException)ProviderFailure.OfStatus(ProviderName.Outlook, 502, null, "Bad gateway", null, sends: false);

        Assert.Equal("Gmail 404 notFound: Requested entity was not found.", gmail.Detail);
        Assert.Equal("Microsoft Graph 502 BadGateway: Bad gateway", graph.Detail);
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, true, "provider_error")]
    [InlineData(HttpRequestError.ResponseEnded, true, "send_outcome_unknown")]
    [InlineData(HttpRequestError.ResponseEnded, false, "provider_error")]
    public void A_broken_connection_is_an_unknown_outcome_only_for_a_send_that_may_have_arrived(HttpRequestError error, bool sends, string code)
    {
        var failure = ProviderFailure.OfTransport(ProviderName.Gmail, new HttpRequestException(error, "boom"), sends);

        Assert.Equal(code, failure.Code.ToSlug());
    }

    [Theory]
    [InlineData(true, "send_outcome_unknown")]
    [InlineData(false, "provider_error")]
    public void A_2xx_body_that_cannot_be_read_leaves_a_send_taken(bool sends, string code)
    {
        var failure = ProviderFailure.OfUnreadableAnswer(ProviderName.Outlook, 200, "the JSON it sends", new FormatException("<html>"), sends);

        Assert.Equal(code, failure.Code.ToSlug());
        Assert.StartsWith("Microsoft Graph answered 200 with a body that is not the JSON it sends (<html>)", failure.Detail);
    }
}
