using System.Net;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers.Resilience;

namespace AiCaller.Email.Grains.Providers.Http;

/// <summary>
/// The one mapping of a failed provider exchange to what the mailbox answers, for Gmail and Graph alike. Whether the call
/// sends decides what a failure after the request may have arrived means: for a send the provider may have taken the
/// message (<c>send_outcome_unknown</c>), for a read it is only a <c>provider_error</c>.
/// </summary>
public static class ProviderFailure
{
    /// <summary>A failing status, with the provider's own error code or reason and message.</summary>
    /// <returns><see cref="ProviderUnauthorizedException"/> for 401 (the grain refreshes once), else a <see cref="MailboxProblemException"/>.</returns>
    public static Exception OfStatus(ProviderName provider, int status, string? reason, string? message, TimeSpan? retryAfter, bool sends)
    {
        var detail = $"{ServiceOf(provider)} {status} {reason ?? ((HttpStatusCode)status).ToString()}: {message}";
        if (sends && status >= 500)
        {
            return ProviderMessages.SendOutcomeUnknown(provider, detail);
        }

        return (HttpStatusCode)status switch
        {
            HttpStatusCode.Unauthorized => new ProviderUnauthorizedException(detail),
            HttpStatusCode.NotFound => new MailboxProblemException(ProblemCode.NotFound, detail),
            // Graph's answer to an id that cannot be one: for our caller, no such message.
            HttpStatusCode.BadRequest when reason is "ErrorInvalidIdMalformed" => new MailboxProblemException(ProblemCode.NotFound, detail),
            HttpStatusCode.BadRequest => new MailboxProblemException(ProblemCode.InvalidRequest, detail),
            HttpStatusCode.RequestEntityTooLarge => new MailboxProblemException(ProblemCode.TooLarge, detail),
            HttpStatusCode.TooManyRequests => RateLimited(detail, retryAfter),
            // Gmail's quota errors come as 403 with these reasons.
            HttpStatusCode.Forbidden when reason is "rateLimitExceeded" or "userRateLimitExceeded" => RateLimited(detail, retryAfter),
            _ => new MailboxProblemException(ProblemCode.ProviderError, detail),
        };
    }

    /// <summary>The exchange broke in transit (no answer, or none in time).</summary>
    public static MailboxProblemException OfTransport(ProviderName provider, Exception failure, bool sends) =>
        sends && RequestDelivery.MayHaveArrived(failure)
            ? ProviderMessages.SendOutcomeUnknown(provider, $"The connection to {ServiceOf(provider)} failed during the send ({failure.Message})")
            : new MailboxProblemException(ProblemCode.ProviderError, $"{ServiceOf(provider)} could not be reached: {failure.Message}");

    /// <summary>
    /// The provider answered 2xx with a body we cannot read, as a proxy's or captive portal's page looks. It took the
    /// request: a send is out, only its answer is lost.
    /// </summary>
    public static MailboxProblemException OfUnreadableAnswer(ProviderName provider, int? status, string expected, Exception failure, bool sends)
    {
        var answered = status is { } s ? $"answered {s}" : "answered";
        var what = $"{ServiceOf(provider)} {answered} with a body that is not {expected} ({failure.Message})";
        return sends ? ProviderMessages.SendOutcomeUnknown(provider, what) : new MailboxProblemException(ProblemCode.ProviderError, what);
    }

    private static MailboxProblemException RateLimited(string detail, TimeSpan? retryAfter) =>
        new(ProblemCode.RateLimited, detail, RetryAfter.Seconds(retryAfter));

    // The service that answered, as problem details name it: Outlook's mail is Microsoft Graph.
    private static string ServiceOf(ProviderName provider) => provider switch
    {
        ProviderName.Gmail => "Gmail",
        _ => "Microsoft Graph",
    };
}
