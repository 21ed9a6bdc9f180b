using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.RequestLog;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>Refresh ahead of expiry, and exactly one refresh however many callers find the token expired.</summary>
public sealed class GmailRefreshTests
{
    [Fact]
    public async Task Fifty_concurrent_calls_on_an_expired_token_cause_exactly_one_refresh()
    {
        // The mailboxes' clock is ours to move; Orleans' own timers keep real time.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TestWorld.StartAsync(mailboxClock: clock);
        using var api = world.Api();
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, "/api/gmail", email);
        var before = (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email);

        // Slow the token endpoint so that every caller arrives while the one refresh is in flight.
        await world.Emulator.Control.AddFaultAsync(new FaultRule("google-token", 0, Count: 1, DelayMs: 500));
        clock.Advance(TimeSpan.FromHours(2));
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.GetAsync("/api/gmail/messages?max_results=1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var after = (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email);
        Assert.Equal(before + 1, after);
        var gmail = (await world.Emulator.Control.GetRequestsAsync("gmail")).Where(r => r.User == email).ToList();
        Assert.All(gmail, r => Assert.Equal("valid", r.TokenState));
    }

    [Fact]
    public async Task Tokens_are_refreshed_ahead_of_expiry_and_no_call_ever_carries_an_expired_token()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        await world.Emulator.Control.SetTokenLifetimeAsync(8);
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, "/api/gmail", email);
        var connectedStatus = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        var firstExpiry = connectedStatus.GetProperty("expires_at").GetDateTimeOffset();

        // Idle: nobody calls the mailbox, yet its timer renews the token before it expires.
        var refreshes = 0;
        for (var poll = 0; poll < 300 && refreshes < 1; poll++)
        {
            await Task.Delay(100);
            refreshes = (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email);
        }

        Assert.Equal(1, refreshes);
        Assert.DoesNotContain(await world.Emulator.Control.GetRequestsAsync("gmail"), r => r.User == email && !r.Path.EndsWith("/profile", StringComparison.Ordinal));

        // Busy: keep using the mailbox across several more lifetimes.
        for (var round = 0; round < 400 && refreshes < 3; round++)
        {
            using var response = await api.GetAsync("/api/gmail/messages?max_results=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(100);
            refreshes = (await world.Emulator.Control.GetGoogleStatsAsync()).RefreshesByUser.GetValueOrDefault(email);
        }

        Assert.True(refreshes >= 3, $"expected the refresh timer to renew the token, saw {refreshes} refreshes");
        var gmail = (await world.Emulator.Control.GetRequestsAsync("gmail")).Where(r => r.User == email).ToList();
        Assert.NotEmpty(gmail);
        Assert.All(gmail, r => Assert.Equal("valid", r.TokenState));
        Assert.DoesNotContain(gmail, r => r.Status == 401);

        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.True(status.GetProperty("expires_at").GetDateTimeOffset() > firstExpiry);
        Assert.True(status.GetProperty("last_refreshed_at").GetDateTimeOffset() > connectedStatus.GetProperty("last_refreshed_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_throttled_proactive_refresh_is_retried_in_time_and_the_token_is_renewed_before_it_expires()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();
        // A minute's lifetime: the timer refreshes 30 to 15 s before expiry, so a retry a fixed minute later comes too late.
        await world.Emulator.Control.SetTokenLifetimeAsync(60);
        var email = TestWorld.NewEmail();
        await world.ConnectAsync(api, "/api/gmail", email);
        var expiresAt = (await api.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("expires_at").GetDateTimeOffset();

        // Throttles the first proactive refresh and its first retry.
        await world.Emulator.Control.AddFaultAsync(new FaultRule("google-token", 429, Count: 2));
        var renewed = await FirstRefreshAsync(world, email, until: expiresAt.AddSeconds(90));

        var refreshes = (await world.Emulator.Control.GetRequestsAsync("google-token"))
            .Where(r => r.GrantType == "refresh_token" && r.User == email).ToList();
        Assert.Equal(2, refreshes.Count(r => r.Status == 429));
        Assert.NotNull(renewed);
        Assert.True(renewed.At < expiresAt, $"the new token came at {renewed.At:O}, after the old one expired at {expiresAt:O}");
        var status = await api.GetFromJsonAsync<JsonElement>("/api/gmail/status");
        Assert.Equal("connected", status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("expires_at").GetDateTimeOffset() > expiresAt);
    }

    private static async Task<RequestLogEntry?> FirstRefreshAsync(TestWorld world, string email, DateTimeOffset until)
    {
        while (DateTimeOffset.UtcNow < until)
        {
            var refreshed = (await world.Emulator.Control.GetRequestsAsync("google-token"))
                .FirstOrDefault(r => r.GrantType == "refresh_token" && r.User == email && r.Status == 200);
            if (refreshed is not null)
            {
                return refreshed;
            }

            await Task.Delay(250);
        }

        return null;
    }
}
