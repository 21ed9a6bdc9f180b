using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AiCaller.Email.Grains.Storage.KeyRing;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Tests.Storage.KeyRing;

public sealed class DatabaseXmlRepositoryTests : IDisposable
{
    private const string Purpose = "AiCaller.Email.Tests.KeyRing";

    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Stored_elements_come_back_from_the_reopened_database_and_a_name_stored_again_replaces_its_element()
    {
        var repository = new DatabaseXmlRepository(_test.Database);
        repository.StoreElement(new XElement("key", new XAttribute("id", "1"), "first"), "key-1");
        repository.StoreElement(new XElement("key", new XAttribute("id", "2"), "second"), "key-2");
        repository.StoreElement(new XElement("key", new XAttribute("id", "1"), "first, replaced"), "key-1");

        var reopened = new DatabaseXmlRepository(_test.Reopen());

        var elements = reopened.GetAllElements().Select(e => (Id: (string?)e.Attribute("id"), e.Value)).OrderBy(e => e.Id, StringComparer.Ordinal);
        Assert.Equal(new (string?, string)[] { ("1", "first, replaced"), ("2", "second") }, elements);
    }

    [Fact]
    public void What_was_protected_before_the_database_was_reopened_unprotects_after()
    {
        string protectedText;
        using (var before = DataProtection())
        {
            protectedText = before.GetDataProtector(Purpose).Protect("a refresh token");
        }

        _test.Reopen();
        using var after = DataProtection();

        Assert.Equal("a refresh token", after.GetDataProtector(Purpose).Unprotect(protectedText));
        Assert.Single(StoredKeys());
    }

    [Fact]
    public void With_a_certificate_the_stored_keys_hold_no_unencrypted_key_and_still_open_after_a_reopen()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AiCaller.Email key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        void ProtectKeys(IDataProtectionBuilder builder) => builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);

        string protectedText;
        string masterKey;
        using (var before = DataProtection(ProtectKeys))
        {
            protectedText = before.GetDataProtector(Purpose).Protect("a refresh token");
            var key = Assert.Single(before.GetRequiredService<IKeyManager>().GetAllKeys());
            masterKey = key.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value;
        }

        var stored = Assert.Single(StoredKeys());
        Assert.Contains("encryptedSecret", stored);
        Assert.DoesNotContain("unencrypted", stored);
        Assert.DoesNotContain(masterKey, stored);

        _test.Reopen();
        using var after = DataProtection(ProtectKeys);
        Assert.Equal("a refresh token", after.GetDataProtector(Purpose).Unprotect(protectedText));
    }

    /// <summary>Data Protection as the host sets it up: its key ring in the test database.</summary>
    private ServiceProvider DataProtection(Action<IDataProtectionBuilder>? configure = null)
    {
        var repository = new DatabaseXmlRepository(_test.Database);
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddDataProtection().SetApplicationName("AiCaller.Email.Tests");
        configure?.Invoke(builder);
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        return services.BuildServiceProvider();
    }

    private List<string> StoredKeys() =>
        StoredData.Query(_test.Directory, "SELECT xml FROM data_protection_keys", row => row.GetString(0));
}
