using AiCaller.Email.Grains.Telemetry;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// <param name="PostgresConnectionString">Null for the embedded SQLite default; the one switch to PostgreSQL and a cluster.</param>
/// <param name="ClusterCertificate">With it, silos and clients talk to each other over mutual TLS.</param>
/// <param name="ExportsOverOtlp">OTEL_EXPORTER_OTLP_ENDPOINT is set: traces are recorded (they have nowhere else to go).</param>
public sealed record HostSettings(
    string DataDirectory,
    Uri PublicBaseUrl,
    OrleansMode Mode,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    IPAddress? AdvertisedIp,
    string? PostgresConnectionString = null,
    X509Certificate2? ClusterCertificate = null,
    bool ExportsOverOtlp = false)
{
    public bool UsesPostgres => PostgresConnectionString is not null;

    public static HostSettings FromConfiguration(IConfiguration configuration)
    {
        var publicBaseUrl = configuration[SettingNames.PublicBaseUrl] ?? "http://localhost:8000";
        if (!Uri.TryCreate(publicBaseUrl.TrimEnd('/'), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{SettingNames.PublicBaseUrl} '{publicBaseUrl}' is not an absolute http(s) URL.");
        }

        var mode = (configuration[SettingNames.OrleansMode] ?? "embedded").Trim().ToLowerInvariant() switch
        {
            "embedded" => OrleansMode.Embedded,
            "client" => OrleansMode.Client,
            var other => throw new InvalidOperationException($"{SettingNames.OrleansMode} '{other}' is neither 'embedded' nor 'client'."),
        };

        var postgres = PostgresOf(configuration);
        if (mode == OrleansMode.Client && postgres is null)
        {
            throw new InvalidOperationException(
                $"{SettingNames.OrleansMode}=client joins a cluster of silos on PostgreSQL: set {SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString)} "
                + $"or {SettingNames.DatabaseUrl} to the silos' database.");
        }

        IPAddress? advertised = null;
        if (configuration[SettingNames.OrleansAdvertisedIp] is { Length: > 0 } ip && !IPAddress.TryParse(ip, out advertised))
        {
            throw new InvalidOperationException($"{SettingNames.OrleansAdvertisedIp} '{ip}' is not an IP address.");
        }

        return new HostSettings(
            Path.GetFullPath(configuration[SettingNames.DataDirectory] ?? "data"),
            baseUri,
            mode,
            configuration[SettingNames.OrleansClusterId] ?? "aicaller-email",
            configuration[SettingNames.OrleansServiceId] ?? "aicaller-email",
            Port(configuration, SettingNames.OrleansSiloPort, 11111),
            Port(configuration, SettingNames.OrleansGatewayPort, 30000),
            advertised,
            postgres,
            ClusterCertificateOf(configuration),
            TelemetryHosting.ExportsOverOtlp(configuration));
    }

    /// <summary>Keeps the connection string's password and the certificate out of logs.</summary>
    public override string ToString() =>
        $"HostSettings {{ DataDirectory = {DataDirectory}, Mode = {Mode}, ClusterId = {ClusterId}, ServiceId = {ServiceId}, "
        + $"Storage = {(UsesPostgres ? "PostgreSQL" : "SQLite")}, Tls = {ClusterCertificate is not null} }}";

    /// <summary>The redirect URI registered with the provider for <paramref name="providerSlug"/>.</summary>
    public string CallbackUrl(string providerSlug) => $"{PublicBaseUrl.AbsoluteUri.TrimEnd('/')}/api/{providerSlug}/oauth/callback";

    private static string? PostgresOf(IConfiguration configuration)
    {
        if (configuration[SettingNames.PostgresConnectionString] is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        return configuration[SettingNames.DatabaseUrl] is { Length: > 0 } url ? DatabaseUrl.ToConnectionString(url) : null;
    }

    private static X509Certificate2? ClusterCertificateOf(IConfiguration configuration)
    {
        if (configuration[SettingNames.OrleansTlsCertificateFile] is not { Length: > 0 } file)
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, configuration[SettingNames.OrleansTlsCertificatePassword]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{SettingNames.OrleansTlsCertificateFile} '{file}' could not be loaded: {e.Message}", e);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{SettingNames.OrleansTlsCertificateFile} '{file}' holds no private key.");
    }

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
