using System.Net;
using AiCaller.Email.Grains.Providers.Http;

namespace AiCaller.Email.Tests.Providers.Http;

/// <summary>Retry-After in both forms RFC 9110 allows, read the same way for every provider.</summary>
public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("7", 7)]
    [InlineData("0", 0)]
    [InlineData("Sat, 01 Mar 2025 12:01:30 GMT", 90)]
    [InlineData("Sat, 01 Mar 2025 11:59:00 GMT", 0)]
    public void Delta_seconds_and_an_HTTP_date_are_both_a_wait(string header, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(header, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void A_missing_or_unreadable_header_says_nothing(string? header)
    {
        Assert.Null(RetryAfter.Parse(header, Now));
    }

    [Fact]
    public void A_response_header_is_read_with_the_same_rule()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { { "Retry-After", "12" } } };
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(12), RetryAfter.Of(seconds));
        Assert.Null(RetryAfter.Of(none));
    }

    [Theory]
    [InlineData(90.0, 90)]
    [InlineData(1.2, 2)]
    [InlineData(0.0, 30)]
    [InlineData(null, 30)]
    public void A_caller_is_told_whole_seconds_and_thirty_when_the_provider_gave_no_wait(double? wait, int seconds)
    {
        Assert.Equal(seconds, RetryAfter.Seconds(wait is { } w ? TimeSpan.FromSeconds(w) : null));
    }
}
