using System.Net;
using AiCaller.Email.Grains.Providers.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>
/// Retries for provider REST calls: exponential backoff with jitter that honours Retry-After. Reads retry throttling,
/// 5xx and network failures. Anything else (a send) retries only what the provider certainly did not act on:
/// throttling, and a connection that could not be made. A 5xx, a timeout or a broken connection after the request left
/// may have sent the mail, so it is never retried here.
/// </summary>
public static class ProviderRetryStrategy
{
    public static HttpRetryStrategyOptions Create(ProviderRetryOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetryAttempts,
        Delay = options.BaseDelay,
        MaxDelay = options.MaxRetryAfter,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        // Our parser rather than the library's, so that the retry and the problem a caller gets read one Retry-After alike.
        ShouldRetryAfterHeader = false,
        DelayGenerator = args => ValueTask.FromResult(DelayAsked(args.Outcome.Result)),
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage().IsReadOnly(), options)),
    };

    /// <summary>
    /// The same retries for reads that failed inside an answer that succeeded: Gmail's batch endpoint answers 200 around
    /// each inner call's own status, which the HTTP pipeline never sees. Each attempt returns the inner answer that
    /// decides whether to try again (the one with the longest Retry-After), or null when nothing is left to ask.
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage?> CreateForInnerReads(ProviderRetryOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage?>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage?>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxRetryAfter,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } failed && ShouldRetryRead(failed, options)),
                DelayGenerator = args => ValueTask.FromResult(DelayAsked(args.Outcome.Result)),
            })
            .Build();

    /// <summary>Whether a read that was answered with <paramref name="response"/> is worth asking again.</summary>
    public static bool ShouldRetryRead(HttpResponseMessage response, ProviderRetryOptions options) =>
        ShouldRetry(Outcome.FromResult(response), idempotent: true, options);

    // The provider's wait when it asked for one; null leaves the backoff to decide.
    private static TimeSpan? DelayAsked(HttpResponseMessage? response) =>
        response is not null && RetryAfter.Of(response) is { } wait && wait > TimeSpan.Zero ? wait : null;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent, ProviderRetryOptions options)
    {
        if (outcome.Result is not { } response)
        {
            return outcome.Exception is HttpRequestException or TimeoutException
                && (idempotent || !RequestDelivery.MayHaveArrived(outcome.Exception));
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => (RetryAfter.Of(response) ?? TimeSpan.Zero) <= options.MaxRetryAfter,
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => idempotent,
            _ => false,
        };
    }
}
