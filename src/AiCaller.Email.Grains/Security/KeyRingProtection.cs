using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AiCaller.Email.Grains.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// Encrypts the Data Protection key ring itself with an X.509 certificate when one is configured
/// (<c>DATA_PROTECTION_CERTIFICATE_FILE</c>, a PKCS#12 file, and <c>DATA_PROTECTION_CERTIFICATE_PASSWORD</c>),
/// so that the keys beside the encrypted tokens are not readable without the certificate.
/// </summary>
public static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeysFromConfiguration(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var file = configuration[SettingNames.DataProtectionCertificateFile];
        if (string.IsNullOrWhiteSpace(file))
        {
            return builder;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, configuration[SettingNames.DataProtectionCertificatePassword]);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"DATA_PROTECTION_CERTIFICATE_FILE '{file}' could not be loaded: {e.Message}", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"DATA_PROTECTION_CERTIFICATE_FILE '{file}' holds no private key.");
        }

        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
