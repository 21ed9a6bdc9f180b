using System.Net;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Edge;

/// <summary>
/// RATE_LIMIT_PER_TENANT (a second, bursts of twice that) on the API, RATE_LIMIT_PER_ADDRESS (a minute) on the OAuth
/// callbacks, which carry no key: beyond them 429 rate_limited with Retry-After, tenant by tenant.
/// </summary>
public sealed class RequestRateLimitTests
{
    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after_and_another_tenant_is_not_held_back()
    {
        var settings = new Dictionary<string, string?>(TenantKeys.Settings) { ["RATE_LIMIT_PER_TENANT"] = "1" };
        await using var world = await TestWorld.StartAsync(settings);
        using var tenantA = world.Api(TenantKeys.KeyA);
        using var tenantB = world.Api(TenantKeys.KeyB);

        // A burst of twice the rate is served; twenty requests in a row are far beyond one a second.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await tenantA.GetAsync("/api/gmail/status"));
        }

        Assert.All(answers.Take(2), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        var detail = await ProblemAssert.IsProblem(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("1 a second, bursts of 2", detail);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));

        using var other = await tenantB.GetAsync("/api/gmail/status");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Zero_turns_the_tenant_limit_off()
    {
        var settings = new Dictionary<string, string?>(TenantKeys.Settings) { ["RATE_LIMIT_PER_TENANT"] = "0" };
        await using var world = await TestWorld.StartAsync(settings);
        using var tenantA = world.Api(TenantKeys.KeyA);

        // 500 requests at once are more than the default bucket of 200 holds, whatever the machine's speed.
        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => tenantA.GetAsync("/api/gmail/status")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_default_limit_holds_a_tenant_to_a_bucket_of_two_hundred()
    {
        await using var world = await TestWorld.StartAsync(TenantKeys.Settings);
        using var tenantA = world.Api(TenantKeys.KeyA);

        var answers = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => tenantA.GetAsync("/api/gmail/status")));

        // 500 requests arrive within far less than the three seconds the bucket would need to refill for them.
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) >= 200);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task OAuth_callbacks_are_limited_per_client_address()
    {
        var settings = new Dictionary<string, string?>(TenantKeys.Settings) { ["RATE_LIMIT_PER_ADDRESS"] = "3" };
        await using var world = await TestWorld.StartAsync(settings);
        using var browser = world.Api();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await browser.GetAsync("/api/gmail/oauth/callback?code=x&state=forged"));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        var detail = await ProblemAssert.IsProblem(answers[3], HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("at most 3 a minute", detail);
        Assert.NotNull(answers[3].Headers.RetryAfter?.Delta);

        // The API itself goes by the tenant's limit, not the address's.
        using var tenantA = world.Api(TenantKeys.KeyA);
        using var api = await tenantA.GetAsync("/api/gmail/status");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        answers.ForEach(a => a.Dispose());
    }
}
