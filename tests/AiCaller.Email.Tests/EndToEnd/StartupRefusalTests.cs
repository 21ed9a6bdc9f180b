using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>Settings that cannot work stop the host with a clear message instead of being ignored.</summary>
public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("ConnectionStrings:Postgres", "Host=127.0.0.1;Colour=blue", "ConnectionStrings__Postgres is not a PostgreSQL connection string")]
    [InlineData("DATABASE_URL", "mysql://user@127.0.0.1/email", "DATABASE_URL is not a postgres://")]
    [InlineData("ORLEANS_MODE", "client", "ORLEANS_MODE=client")]
    [InlineData("ORLEANS_MODE", "sideways", "ORLEANS_MODE")]
    [InlineData("TOKEN_KEEPALIVE_SECONDS", "10", "TOKEN_KEEPALIVE_SECONDS")]
    [InlineData("MAILBOX_MAX_CONCURRENT_CALLS", "0", "MaxConcurrentProviderCalls")]
    [InlineData("ORLEANS_SILO_PORT", "70000", "ORLEANS_SILO_PORT")]
    [InlineData("PUBLIC_BASE_URL", "ftp://example.com", "PUBLIC_BASE_URL")]
    [InlineData("API_KEYS", "tenant-without-key", "API_KEYS")]
    [InlineData("API_KEYS", "tenant-a:short-key", "has 9 characters; a key needs at least 20")]
    [InlineData("RATE_LIMIT_PER_TENANT", "-1", "RATE_LIMIT_PER_TENANT '-1' is not a whole number")]
    [InlineData("RATE_LIMIT_PER_ADDRESS", "lots", "RATE_LIMIT_PER_ADDRESS 'lots' is not a whole number")]
    [InlineData("CONNECT_LINK_MINUTES", "0", "CONNECT_LINK_MINUTES must be from 1 to 10080")]
    [InlineData("CONNECT_LINK_MINUTES", "half an hour", "CONNECT_LINK_MINUTES 'half an hour' is not a whole number")]
    [InlineData("CONNECT_LINK_RETURN_URLS", "https://app.example.com/back, app.example.com/back", "CONNECT_LINK_RETURN_URLS: 'app.example.com/back'")]
    public async Task The_host_refuses_to_start(string key, string value, string named)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => world.Host.Services);

        Assert.Contains(named, failure.ToString());
    }
}
