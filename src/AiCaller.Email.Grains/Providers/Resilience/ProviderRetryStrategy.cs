using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>
/// Retries for provider REST calls: exponential backoff with jitter that honours Retry-After. Reads retry
/// throttling, 5xx and network failures; sends retry only throttling, which the provider never acted on,
/// because a 5xx on a send may still have sent the mail.
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
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options)),
    };

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ProviderRetryOptions options)
    {
        if (outcome.Result is not { } response)
        {
            return outcome.Exception is HttpRequestException or TimeoutException;
        }

        var idempotent = response.RequestMessage?.Method == HttpMethod.Get;
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
