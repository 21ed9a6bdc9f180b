using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AiCaller.Email.Grains.Storage.KeyRing;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Tests.Storage.KeyRing;

/// <summary>The Data Protection key ring in the database, on each database the product runs on.</summary>
public abstract class DatabaseXmlRepositoryTests(Func<Task<ITestDatabase>> createDatabase) : IAsyncLifetime
{
    private const string Purpose = "AiCaller.Email.Tests.KeyRing";

    private ITestDatabase _test = null!;

    public async Task InitializeAsync() => _test = await createDatabase();

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task Stored_elements_come_back_from_the_reopened_database_and_a_name_stored_again_replaces_its_element()
    {
        var repository = new DatabaseXmlRepository(_test.Database);
        repository.StoreElement(new XElement("key", new XAttribute("id", "1"), "first"), "key-1");
        repository.StoreElement(new XElement("key", new XAttribute("id", "2"), "second"), "key-2");
        repository.StoreElement(new XElement("key", new XAttribute("id", "1"), "first, replaced"), "key-1");

        var reopened = new DatabaseXmlRepository(await _test.ReopenAsync());

        var elements = reopened.GetAllElements().Select(e => (Id: (string?)e.Attribute("id"), e.Value)).OrderBy(e => e.Id, StringComparer.Ordinal);
        Assert.Equal(new (string?, string)[] { ("1", "first, replaced"), ("2", "second") }, elements);
    }

    [Fact]
    public async Task What_was_protected_before_the_database_was_reopened_unprotects_after()
    {
        string protectedText;
        using (var before = DataProtection())
        {
            protectedText = before.GetDataProtector(Purpose).Protect("a refresh token");
        }

        await _test.ReopenAsync();
        using var after = DataProtection();

        Assert.Equal("a refresh token", after.GetDataProtector(Purpose).Unprotect(protectedText));
        Assert.Single(await StoredKeysAsync());
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_hold_no_unencrypted_key_and_still_open_after_a_reopen()
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

        var stored = Assert.Single(await StoredKeysAsync());
        Assert.Contains("encryptedSecret", stored);
        Assert.DoesNotContain("unencrypted", stored);
        Assert.DoesNotContain(masterKey, stored);

        await _test.ReopenAsync();
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

    private Task<List<string>> StoredKeysAsync() => _test.Database.QueryAsync("SELECT xml FROM data_protection_keys", row => row.GetString(0));
}

public sealed class SqliteDatabaseXmlRepositoryTests() : DatabaseXmlRepositoryTests(() => Task.FromResult<ITestDatabase>(new TestDatabase()));

public sealed class PostgresDatabaseXmlRepositoryTests() : DatabaseXmlRepositoryTests(async () => await PostgresTestDatabase.CreateAsync());
