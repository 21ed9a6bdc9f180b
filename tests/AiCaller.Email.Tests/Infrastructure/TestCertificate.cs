using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>Self-signed certificates with their private keys, as an operator makes one with openssl.</summary>
public static class TestCertificate
{
    /// <summary>Writes a PKCS#12 (.pfx) file holding a new self-signed certificate and its private key.</summary>
    public static void WritePfx(string path, string password, string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }
}
