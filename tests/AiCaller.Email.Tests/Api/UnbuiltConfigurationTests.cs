using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Api;

/// <summary>Settings for what is not built yet stop the host with a clear message instead of being ignored.</summary>
public sealed class UnbuiltConfigurationTests
{
    [Theory]
    [InlineData("ConnectionStrings:Postgres", "Host=127.0.0.1;Database=email", "PostgreSQL")]
    [InlineData("DATABASE_URL", "postgres://user@127.0.0.1/email", "PostgreSQL")]
    [InlineData("ORLEANS_MODE", "client", "ORLEANS_MODE=client")]
    [InlineData("ORLEANS_MODE", "sideways", "ORLEANS_MODE")]
    public async Task The_host_refuses_to_start(string key, string value, string named)
    {
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => world.Host.Services);

        Assert.Contains(named, failure.ToString());
    }
}
