using AiCaller.Email.ProviderEmulator;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The settings every benchmark host runs with, in memory or as its own process: a data directory under the run's
/// temporary root, every tenant's API key, no request limits, logging at Warning, and the providers at the emulator.
/// </summary>
public static class BenchmarkHostSettings
{
    public static Dictionary<string, string?> For(string root, Uri emulator)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DATA_DIR"] = Path.Combine(root, "data"),
            ["PUBLIC_BASE_URL"] = "http://localhost",
            ["API_KEYS"] = BenchmarkTenant.ApiKeysSetting,
            ["ORLEANS_SILO_PORT"] = FreePort.Next().ToString(),
            ["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString(),
            // Where nothing is: the seed's token files must not be read from wherever the host happens to start.
            ["GMAIL_OAUTH_TOKEN_FILE"] = Path.Combine(root, "secrets", "gmail_token.json"),
            ["OUTLOOK_OAUTH_TOKEN_FILE"] = Path.Combine(root, "secrets", "outlook_token.json"),
            // A load run measures the host, not its request limits (SPEC: 0 turns them off, as a benchmark needs).
            ["RATE_LIMIT_PER_TENANT"] = "0",
            ["RATE_LIMIT_PER_ADDRESS"] = "0",
            // The product logs each connect at Information; thousands of lines would drown the report.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in ProductSettings.For(emulator))
        {
            settings[key] = value;
        }

        return settings;
    }
}
