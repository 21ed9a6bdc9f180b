using System.Threading.RateLimiting;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace AiCaller.Email.Api.Edge;

/// <summary>
/// The API's requests are limited per tenant (a token bucket: <c>RATE_LIMIT_PER_TENANT</c> a second, bursts of twice
/// that); what carries no key, OAuth callbacks and connect-link openings, per client address
/// (<c>RATE_LIMIT_PER_ADDRESS</c> a minute). Beyond either: 429 <c>rate_limited</c> with Retry-After. 0 turns a limit off.
/// </summary>
public static class RequestRateLimits
{
    public const string PerTenant = "per-tenant";
    public const string PerAddress = "per-address";
    public const int DefaultPerTenantPerSecond = 100;
    public const int DefaultPerAddressPerMinute = 120;

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new Limits(
            EnvironmentSettings.WholeNumber(configuration, SettingNames.RateLimitPerTenant) ?? DefaultPerTenantPerSecond,
            EnvironmentSettings.WholeNumber(configuration, SettingNames.RateLimitPerAddress) ?? DefaultPerAddressPerMinute);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RejectAsync(context, limits);
            o.AddPolicy(PerTenant, context => limits.PerTenantPerSecond == 0
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetTokenBucketLimiter(TenantClaims.TenantOf(context.User), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * limits.PerTenantPerSecond,
                    TokensPerPeriod = limits.PerTenantPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(PerAddress, context => limits.PerAddressPerMinute == 0
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetSlidingWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? string.Empty, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limits.PerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, Limits limits)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var detail = policy == PerAddress
            ? $"Too many OAuth callbacks or connect-link openings from this address (at most {limits.PerAddressPerMinute} a minute); retry in {seconds} s"
            : $"This tenant is over its request rate ({limits.PerTenantPerSecond} a second, bursts of {2 * limits.PerTenantPerSecond}); retry in {seconds} s";
        await ProblemResponses.For(ProblemCode.RateLimited, detail, seconds).ExecuteAsync(context.HttpContext);
    }

    private sealed record Limits(int PerTenantPerSecond, int PerAddressPerMinute);
}
