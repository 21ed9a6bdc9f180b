using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The real API host (embedded silo, its SQLite database in its own data directory), configured through the same
/// environment-style settings a user sets and pointed at the provider emulator. Requests reach it in memory.
/// </summary>
public sealed class BenchmarkHostFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
    }
}
