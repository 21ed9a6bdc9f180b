using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Mutual TLS between silos and between clients and gateways, with one certificate shared by every host of the
/// cluster: each side presents it and accepts only a peer that presents the same one.
/// </summary>
public static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, X509Certificate2 certificate) =>
        silo.UseTls(certificate, options => Configure(options, certificate));

    public static IClientBuilder UseClusterTls(this IClientBuilder client, X509Certificate2 certificate) =>
        client.UseTls(certificate, options => Configure(options, certificate));

    private static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

        // The certificate is the cluster's own, usually self-signed: trust comes from holding it, not from a chain.
        options.RemoteCertificateValidation = (remote, _, _) =>
            remote is not null && remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
    }
}
