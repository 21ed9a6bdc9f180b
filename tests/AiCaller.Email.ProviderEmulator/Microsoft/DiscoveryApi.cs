namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// Instance discovery, which MSAL calls once per process before its first token request (unless told not to).
/// The answer is Microsoft's public-cloud metadata, so MSAL's cache environment is login.windows.net as in production.
/// </summary>
public static class DiscoveryApi
{
    public static IEndpointRouteBuilder MapMicrosoftDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{tenant}/discovery/instance", Instance).ExcludeFromDescription();
        app.MapGet("/{tenant}/discovery/v2.0/instance", Instance).ExcludeFromDescription();
        return app;
    }

    private static IResult Instance(string tenant) => TypedResults.Json(new Dictionary<string, object>
    {
        ["tenant_discovery_endpoint"] = $"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration",
        ["api-version"] = "1.1",
        ["metadata"] = new object[]
        {
            new Dictionary<string, object>
            {
                ["preferred_network"] = "login.microsoftonline.com",
                ["preferred_cache"] = "login.windows.net",
                ["aliases"] = new[] { "login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net" },
            },
        },
    });
}
