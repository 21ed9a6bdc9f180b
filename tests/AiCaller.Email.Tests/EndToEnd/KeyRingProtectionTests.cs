using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

public sealed class KeyRingProtectionTests
{
    [Fact]
    public async Task With_a_certificate_the_key_ring_itself_is_encrypted_and_still_opens_after_a_restart()
    {
        var certificateFile = Path.Combine(Path.GetTempPath(), $"aicaller-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=AiCaller.Email key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificateFile, certificate.Export(X509ContentType.Pfx, "cert-password"));
        }

        try
        {
            await using var world = await TestWorld.StartAsync(new Dictionary<string, string?>
            {
                ["DATA_PROTECTION_CERTIFICATE_FILE"] = certificateFile,
                ["DATA_PROTECTION_CERTIFICATE_PASSWORD"] = "cert-password",
            });
            var email = TestWorld.NewEmail();
            using (var api = world.Api())
            {
                await world.ConnectAsync(api, "/api/gmail", email);
            }

            var keys = StoredData.Query(world.DataDirectory, "SELECT xml FROM data_protection_keys", row => row.GetString(0));
            Assert.NotEmpty(keys);
            Assert.All(keys, key =>
            {
                Assert.Contains("encryptedSecret", key);
                Assert.DoesNotContain("unencrypted form", key);
            });

            await world.RestartHostAsync();
            using var restarted = world.Api();
            var status = await restarted.GetFromJsonAsync<JsonElement>("/api/gmail/status");
            Assert.Equal("connected", status.GetProperty("status").GetString());
            Assert.Equal(email, status.GetProperty("email").GetString());
        }
        finally
        {
            File.Delete(certificateFile);
        }
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_stops_the_host_with_a_clear_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"aicaller-missing-{Guid.NewGuid():N}.pfx");
        await using var world = await TestWorld.StartAsync(new Dictionary<string, string?> { ["DATA_PROTECTION_CERTIFICATE_FILE"] = missing });

        var failure = Assert.ThrowsAny<Exception>(() => world.Host.Services);

        Assert.Contains("DATA_PROTECTION_CERTIFICATE_FILE", failure.ToString());
    }
}
