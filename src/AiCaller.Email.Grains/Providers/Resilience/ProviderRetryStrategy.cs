using System.Net;
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
        ShouldRetryAfterHeader = true,
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
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } failed && RetryAfter(failed) is var wait && wait > TimeSpan.Zero ? wait : (TimeSpan?)null),
            })
            .Build();

    /// <summary>Whether a read that was answered with <paramref name="response"/> is worth asking again.</summary>
    public static bool ShouldRetryRead(HttpResponseMessage response, ProviderRetryOptions options) =>
        ShouldRetry(Outcome.FromResult(response), idempotent: true, options);

    /// <summary>How long the provider asked us to wait before asking again; zero when it did not say.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow) ?? TimeSpan.Zero;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent, ProviderRetryOptions options)
    {
        if (outcome.Result is not { } response)
        {
            return outcome.Exception is HttpRequestException or TimeoutException
                && (idempotent || !RequestDelivery.MayHaveArrived(outcome.Exception));
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => RetryAfter(response) <= options.MaxRetryAfter,
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => idempotent,
            _ => false,
        };
    }
}
