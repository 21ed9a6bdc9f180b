using System.Net.Http.Headers;

namespace AiCaller.Email.Grains.Providers.Http;

/// <summary>
/// How long a provider asked us to wait: the Retry-After header (RFC 9110 §10.2.3), delta-seconds or an HTTP-date. Gmail
/// and Graph send seconds, but a proxy in between may send a date, so both forms count for both providers.
/// </summary>
public static class RetryAfter
{
    /// <summary>What a caller is told to wait when a throttled answer says nothing usable.</summary>
    public static readonly TimeSpan Unsaid = TimeSpan.FromSeconds(30);

    /// <summary>The wait <paramref name="response"/> asks for, never negative; null when it does not say.</summary>
    public static TimeSpan? Of(HttpResponseMessage response) => Of(response.Headers.RetryAfter, DateTimeOffset.UtcNow);

    /// <summary>The wait a header already parsed by the HTTP stack asks for, counted from <paramref name="now"/>.</summary>
    public static TimeSpan? Of(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        // A date already past asks for no wait at all.
        var wait = header?.Delta ?? header?.Date - now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>The wait a header's text asks for, counted from <paramref name="now"/>; null when it is missing or not a Retry-After.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now) =>
        RetryConditionHeaderValue.TryParse(value, out var header) ? Of(header, now) : null;

    /// <summary>Whole seconds to pass on to our caller (rounded up), or <see cref="Unsaid"/> when the provider gave no wait.</summary>
    public static int Seconds(TimeSpan? wait) =>
        (int)Math.Ceiling((wait is { } w && w > TimeSpan.Zero ? w : Unsaid).TotalSeconds);
}
