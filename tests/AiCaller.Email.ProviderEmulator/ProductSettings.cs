using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;

namespace AiCaller.Email.ProviderEmulator;

/// <summary>
/// The product's environment variables that point it at an emulator on <paramref name="baseUrl"/> — the one
/// place that says so, for the banner of <c>dotnet run</c>, the tests and the benchmarks.
/// </summary>
public static class ProductSettings
{
    public static IReadOnlyDictionary<string, string> For(Uri baseUrl)
    {
        var root = baseUrl.ToString().TrimEnd('/');
        return new Dictionary<string, string>
        {
            ["GMAIL_OAUTH_CLIENT_SECRETS_JSON"] = ClientSecretsJson.For(baseUrl),
            ["GMAIL_API_BASE_URL"] = root,
            ["GOOGLE_REVOKE_URL"] = $"{root}/revoke",
            ["OUTLOOK_OAUTH_CLIENT_SECRETS_JSON"] = OutlookClientSecretsJson.Create(),
            ["OUTLOOK_AUTHORITY_HOST"] = root,
            ["GRAPH_API_BASE_URL"] = $"{root}/v1.0",
        };
    }
}
