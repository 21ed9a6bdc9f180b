using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

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
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method, options)),
    };

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method, ProviderRetryOptions options)
    {
        var idempotent = method == HttpMethod.Get;
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

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow) ?? TimeSpan.Zero;
    }
}
