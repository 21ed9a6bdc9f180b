using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Faults;

namespace AiCaller.Email.Tests.Emulator;

/// <summary>A token endpoint that lets only so many requests a second through, as a provider throttling an app does.</summary>
public sealed partial class GoogleEmulatorTests
{
    [Fact]
    public async Task A_rate_limit_answers_429_beyond_its_requests_per_second_and_the_log_knows_whose_refresh_it_was()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var http = NewClient(emulator);
        var tokens = await ConnectAsync(emulator, http, User, GmailScopes);
        await emulator.Control.SetRateLimitAsync(new RateLimitRule("google-token", PerSecond: 1));

        // Five at once arrive within a second or two, so that one or two of them are let through.
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RefreshAsync(http, tokens.Refresh)));

        Assert.Contains(answers, a => a.Status == 200);
        AssertOAuthError(answers.First(a => a.Status == 429), 429, "rate_limit_exceeded", "Rate Limit Exceeded");
        var logged = (await emulator.Control.GetRequestsAsync("google-token")).Where(r => r.GrantType == "refresh_token").ToList();
        Assert.Equal(5, logged.Count);
        Assert.All(logged, r => Assert.Equal(User, r.User));
        Assert.Equal(answers.Count(a => a.Status == 429), logged.Count(r => r.Status == 429));

        await emulator.Control.ClearRateLimitsAsync();
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RefreshAsync(http, tokens.Refresh)));
        Assert.All(again, a => Assert.Equal(200, a.Status));
    }

    [Fact]
    public void A_rate_limit_counts_each_whole_second_on_its_own_and_only_for_its_target()
    {
        var limits = new RateLimiter();
        limits.Set(new RateLimitRule("google-token", PerSecond: 2, RetryAfterSeconds: 3));
        var second = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Null(limits.Throttle("google-token", second));
        Assert.Null(limits.Throttle("google-token", second.AddMilliseconds(500)));
        Assert.Equal(3, limits.Throttle("google-token", second.AddMilliseconds(999))?.RetryAfterSeconds);
        Assert.Null(limits.Throttle("gmail", second.AddMilliseconds(999)));
        Assert.Null(limits.Throttle("google-token", second.AddSeconds(1)));

        limits.Reset();
        Assert.Null(limits.Throttle("google-token", second.AddSeconds(1).AddMilliseconds(1)));
    }
}
