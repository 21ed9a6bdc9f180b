using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace AiCaller.Email.Grains.Hosting;

public enum OrleansMode
{
    /// <summary>The API hosts its own silo (the one-command default).</summary>
    Embedded,

    /// <summary>The API is a client of a silo cluster (needs PostgreSQL).</summary>
    Client,
}

/// <summary>
/// Where the host keeps data and how it joins Orleans, read from SPEC §5's environment variables before the
/// host is built (the silo's ports and storage are chosen at build time, not resolved from DI).
/// </summary>
public sealed record HostSettings(
    string DataDirectory,
    Uri PublicBaseUrl,
    OrleansMode Mode,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedIp)
{
    public static HostSettings FromConfiguration(IConfiguration configuration)
    {
        var publicBaseUrl = configuration["PUBLIC_BASE_URL"] ?? "http://localhost:8000";
        if (!Uri.TryCreate(publicBaseUrl.TrimEnd('/'), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"PUBLIC_BASE_URL '{publicBaseUrl}' is not an absolute http(s) URL.");
        }

        var mode = (configuration["ORLEANS_MODE"] ?? "embedded").Trim().ToLowerInvariant() switch
        {
            "embedded" => OrleansMode.Embedded,
            "client" => OrleansMode.Client,
            var other => throw new InvalidOperationException($"ORLEANS_MODE '{other}' is neither 'embedded' nor 'client'."),
        };

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")) || !string.IsNullOrWhiteSpace(configuration["DATABASE_URL"]))
        {
            // Starting on the files instead would look like success and keep nothing where the operator expects it.
            throw new InvalidOperationException(
                "ConnectionStrings__Postgres / DATABASE_URL is set, but this build stores only in DATA_DIR files; PostgreSQL storage is not built yet. "
                + "Unset it to run the embedded default.");
        }

        IPAddress? advertised = null;
        if (configuration["ORLEANS_ADVERTISED_IP"] is { Length: > 0 } ip && !IPAddress.TryParse(ip, out advertised))
        {
            throw new InvalidOperationException($"ORLEANS_ADVERTISED_IP '{ip}' is not an IP address.");
        }

        return new HostSettings(
            Path.GetFullPath(configuration["DATA_DIR"] ?? "data"),
            baseUri,
            mode,
            configuration["ORLEANS_CLUSTER_ID"] ?? "aicaller-email",
            configuration["ORLEANS_SERVICE_ID"] ?? "aicaller-email",
            Port(configuration, "ORLEANS_SILO_PORT", 11111),
            Port(configuration, "ORLEANS_GATEWAY_PORT", 30000),
            advertised);
    }

    /// <summary>The redirect URI registered with the provider for <paramref name="providerSlug"/>.</summary>
    public string CallbackUrl(string providerSlug) => $"{PublicBaseUrl.AbsoluteUri.TrimEnd('/')}/api/{providerSlug}/oauth/callback";

    private static int Port(IConfiguration configuration, string name, int fallback)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"{name} '{text}' is not a port number.");
    }
}
