using System.Net;

namespace AiCaller.Email.Api.Auth;

/// <summary>
/// Without API keys the API is open; that is allowed only when every address the host listens on is loopback.
/// </summary>
public static class OpenModeGuard
{
    public static void Check(ApiKeyRegistry keys, IReadOnlyList<string> listenUrls, ILogger logger)
    {
        if (!keys.IsOpen)
        {
            return;
        }

        var exposed = listenUrls.Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"No API keys are configured and the host would listen on {string.Join(", ", exposed)}, which is not loopback-only. "
                + "Set API_KEYS=\"tenant:KEY\" (see README) or bind to localhost only.");
        }

        logger.LogWarning(
            "NO API KEYS CONFIGURED: the API is open to every local caller and all requests act as tenant 'default'. "
            + "Set API_KEYS before exposing this host.");
    }

    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcard forms ("http://*:80", "http://+:80") do not parse as URIs with a host.
        var host = url.Contains("://*") || url.Contains("://+")
            ? "*"
            : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : "*";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
